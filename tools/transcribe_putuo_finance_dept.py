#!/usr/bin/env python3
"""Writes tests/fixtures/shanghai/putuo_finance_2025_dept.budget.ron: 上海市普陀区财政局's 2025
部门预算 (shared/corpus/shanghai-2025/putuo_finance_2025_dept.pdf) in the project format, layout
shanghai-dept.

Tables typed from the PDF's text in 元 (leaf rows only; the economic table prints 0.00 in the
column a line does not use, and so does this file); texts cut from `pdftotext -layout`, as
published — the PDF prints items 7–11 of the 编制说明 twice, and its 国有资本经营预算 table carries
the 政府性基金 table's note (a copied template: the rule T6.note reports it).

Usage: python3 tools/transcribe_putuo_finance_dept.py [path/to/putuo_finance_2025_dept.layout.txt]
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from transcribe_putuo_office_unit import VEHICLE_KINDS, between, cells, paragraphs, q  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = (sys.argv[1] if len(sys.argv) > 1 else
       os.path.join(ROOT, "..", "shared", "corpus", "shanghai-2025",
                    "putuo_finance_2025_dept.layout.txt"))
OUT = os.path.join(ROOT, "tests", "fixtures", "shanghai", "putuo_finance_2025_dept.budget.ron")

DEPT = "上海市普陀区财政局"

# (code, name, 收入预算 财政拨款收入 = 支出 合计, 基本支出, 项目支出) in 元 as printed.
FUNCTION = [
    ("2010601", "行政运行", "16231840.80", "16093326.00", "138514.80"),
    ("2010602", "一般行政管理事务", "100000.00", None, "100000.00"),
    ("2010607", "信息化建设", "1666600.00", None, "1666600.00"),
    ("2010608", "财政委托业务支出", "4188000.00", None, "4188000.00"),
    ("2080501", "行政单位离退休", "877080.00", "877080.00", None),
    ("2080505", "机关事业单位基本养老保险缴费支出", "1748327.00", "1748327.00", None),
    ("2080506", "机关事业单位职业年金缴费支出", "873617.00", "873617.00", None),
    ("2080599", "其他行政事业单位养老支出", "9620.00", "9620.00", None),
    ("2101101", "行政单位医疗", "782164.00", "782164.00", None),
    ("2210201", "住房公积金", "2049197.00", "2049197.00", None),
    ("2210203", "购房补贴", "2687760.00", "2687760.00", None),
]

# The economic table prints 0.00 in the other column; kept as printed.
ECONOMIC = [
    ("30101", "基本工资", "2642448.00", "0.00"),
    ("30102", "津贴补贴", "13012070.00", "0.00"),
    ("30108", "机关事业单位基本养老保险缴费", "1748327.00", "0.00"),
    ("30109", "职业年金缴费", "873617.00", "0.00"),
    ("30110", "职工基本医疗保险缴费", "782164.00", "0.00"),
    ("30112", "其他社会保障缴费", "28428.00", "0.00"),
    ("30113", "住房公积金", "2049197.00", "0.00"),
    ("30199", "其他工资福利支出", "973265.00", "0.00"),
    ("30201", "办公费", "0.00", "170000.00"),
    ("30202", "印刷费", "0.00", "120000.00"),
    ("30204", "手续费", "0.00", "1000.00"),
    ("30207", "邮电费", "0.00", "50000.00"),
    ("30211", "差旅费", "0.00", "20000.00"),
    ("30213", "维修（护）费", "0.00", "50000.00"),
    ("30215", "会议费", "0.00", "10000.00"),
    ("30216", "培训费", "0.00", "30000.00"),
    ("30217", "公务接待费", "0.00", "9500.00"),
    ("30226", "劳务费", "0.00", "30000.00"),
    ("30227", "委托业务费", "0.00", "100000.00"),
    ("30228", "工会经费", "0.00", "258915.00"),
    ("30229", "福利费", "0.00", "436320.00"),
    ("30239", "其他交通费用", "0.00", "506480.00"),
    ("30299", "其他商品和服务支出", "0.00", "412120.00"),
    ("30302", "退休费", "717240.00", "0.00"),
    ("31002", "办公设备购置", "0.00", "90000.00"),
]

CLASSES = [
    ("201", "22186440.80"),
    ("208", "3508644.00"),
    ("210", "782164.00"),
    ("221", "4736957.00"),
]
INCOME_GENERAL = "31214205.80"

NOTE_HEADS = ["一、项目概述", "二、立项依据", "三、实施主体", "四、实施方案", "五、实施周期",
              "六、年度预算安排", "七、绩效目标"]


def main():
    with open(SRC, encoding="utf-8") as f:
        lines = f.read().split("\n")
    # This PDF sets "主要职能包括：" and the items' continuation lines at column 0.
    lines = ["  " + ln if ln.strip() == "主要职能包括：" else ln for ln in lines]
    duties_part = paragraphs(between(lines, DEPT + "主要职能", DEPT + "机构设置"))
    k = duties_part.index("主要职能包括：")
    duties_intro = "\n".join(duties_part[:k + 1])
    duties = [re.sub(r"^（[一二三四五六七八九十]+）", "", p) for p in duties_part[k + 1:]]
    org = paragraphs(between(lines, DEPT + "机构设置", "名词解释"))
    offices = []
    glossary = []
    for p in paragraphs(between(lines, "名词解释", "2025年部门预算编制说明")):
        g = re.match(r"^（[一二三四五六七八九十]+）(.+?)：(.*)$", p)
        glossary.append((g.group(1), g.group(2)))
    notes = paragraphs(between(lines, "2025年部门预算编制说明", "2025年部门财务收支预算总表"))
    i = max(n for n, ln in enumerate(lines) if ln.strip() == "其他相关情况说明")
    first_note = next(n for n, ln in enumerate(lines)
                      if n > i and ln.strip().endswith("经费情况说明"))
    rest = lines[i + 1:first_note]
    heads = ["一、2025年“三公”经费预算情况说明", "二、机关运行经费预算", "三、政府采购预算情况",
             "四、绩效目标设置情况", "五、国有资产占有使用情况"]
    idx = [next(n for n, ln in enumerate(rest) if h in ln) for h in heads] + [len(rest)]
    other = [paragraphs(rest[idx[n] + 1:idx[n + 1]]) for n in range(5)]
    # 项目经费情况说明: one block per heading "…经费情况说明", seven parts each.
    starts = [n for n, ln in enumerate(lines) if n >= first_note and ln.strip().endswith("经费情况说明")]
    starts.append(len(lines))
    project_notes = []
    for a, b in zip(starts, starts[1:]):
        block = lines[a + 1:b]
        name = lines[a].strip()[:-len("经费情况说明")]
        # One note for all the bureau's projects, headed just "项目经费情况说明".
        name = "" if name == "项目" else name
        at = [next(n for n, ln in enumerate(block) if ln.strip() == h) for h in NOTE_HEADS]
        at.append(len(block))
        parts = ["\n".join(paragraphs(block[at[n] + 1:at[n + 1]])) for n in range(7)]
        project_notes.append((name, parts))

    o = []
    w = o.append
    w("(")
    w("  format_version: 1,")
    w("  year: 2025,")
    w('  layout: "shanghai-dept",')
    w("  department: (")
    w(f"    name: {q(DEPT)},")
    w('    code: "",')
    w("  ),")
    w('  tolerance: "0",')
    w("  overview: (")
    w(f"    duties_intro: {q(duties_intro)},")
    w("    duties: [")
    for d in duties:
        w(f"      {q(d)},")
    w("    ],")
    w(f"    organization: {q(chr(10).join(org))},")
    if offices:
        w("    offices: [")
        for x in offices:
            w(f"      {q(x)},")
        w("    ],")
    else:
        w("    offices: [],")
    w("    units: [")
    for name, kind in [(DEPT, "Administrative")]:
        w("      (")
        w(f"        name: {q(name)},")
        w(f"        kind: {kind},")
        w("      ),")
    w("    ],")
    w("  ),")
    w("  tables: {")
    w('    "t1": (')
    w("      blocks: {")
    w('        "expenditure": [')
    for code, total in CLASSES:
        w(f'          (code: "{code}", cells: {cells([("total", total)])}),')
    w("        ],")
    w('        "income": [')
    w(f'          (code: "general", cells: {cells([("amount", INCOME_GENERAL)])}),')
    w("        ],")
    w("      },")
    w("    ),")
    w('    "t2": (')
    w("      blocks: {")
    w('        "main": [')
    for code, name, total, _, _ in FUNCTION:
        w(f"          (code: {q(code)}, name: {q(name)}, cells: {cells([('fiscal', total)])}),")
    w("        ],")
    w("      },")
    w("    ),")
    w('    "t3": (')
    w("      blocks: {")
    w('        "main": [')
    for code, name, _, basic, proj in FUNCTION:
        w(f"          (code: {q(code)}, name: {q(name)}, cells: {cells([('basic', basic), ('project', proj)])}),")
    w("        ],")
    w("      },")
    w("    ),")
    w('    "t4": (')
    w("      blocks: {")
    w('        "expenditure": [')
    for code, total in CLASSES:
        w(f'          (code: "{code}", cells: {cells([("general", total)])}),')
    w("        ],")
    w('        "income": [')
    w(f'          (code: "general", cells: {cells([("amount", INCOME_GENERAL)])}),')
    w("        ],")
    w("      },")
    w("    ),")
    w('    "t5": (')
    w("      blocks: {")
    w('        "main": [')
    for code, name, _, basic, proj in FUNCTION:
        w(f"          (code: {q(code)}, name: {q(name)}, cells: {cells([('basic', basic), ('project', proj)])}),")
    w("        ],")
    w("      },")
    w("    ),")
    # Both empty tables print the same note, naming 政府性基金 (as published).
    printed = [ln.strip() for ln in lines if ln.strip().startswith("注:本部门2025年无")]
    assert len(printed) == 2, printed
    for key, note in zip(["t6", "t7"], printed):
        w(f'    "{key}": (')
        w("      blocks: {},")
        w(f"      note: {q(note)},")
        w("    ),")
    w('    "t8": (')
    w("      blocks: {")
    w('        "main": [')
    for code, name, per, pub in ECONOMIC:
        w(f"          (code: {q(code)}, name: {q(name)}, cells: {cells([('personnel', per), ('public', pub)])}),")
    w("        ],")
    w("      },")
    w("    ),")
    w('    "t9": (')
    w("      blocks: {")
    w('        "main": [')
    w('          (code: "budget", cells: {"operating_cost": "229.43", "reception": "0.95"}),')
    w("        ],")
    w("      },")
    w("    ),")
    w("  },")
    w("  explanation: [")
    sections = [("budget_notes", "", "2025年部门预算编制说明", notes)]
    ids = ["three_public", "operating_cost", "procurement", "performance", "assets"]
    for n, (sid, head) in enumerate(zip(ids, heads)):
        number, title = head.split("、", 1)
        sections.append((sid, number, title, other[n]))
    for sid, number, title, paras in sections:
        w("    (")
        w(f"      id: {q(sid)},")
        w(f"      number: {q(number)},")
        w(f"      title: {q(title)},")
        w(f"      text: {q(chr(10).join(paras))},")
        w("    ),")
    w("  ],")
    w("  facts: (")
    w("    prior_year: (")
    w('      income_total: "",')
    w('      expenditure_total: "",')
    # 一般公共预算拨款支出预算3,121.42万元，比2024年预算增加107.62万元.
    w('      general_expenditure: "3013.80",')
    w('      abroad: "0",')
    w('      reception: "0.95",')
    w('      vehicle_purchase: "0",')
    w('      vehicle_running: "0",')
    w('      operating_cost: "",')
    w('      fiscal: "3013.80",')
    w("    ),")
    w("    procurement: (")
    w('      total: "117.00",')
    w('      goods: "17.00",')
    w('      works: "0",')
    w('      services: "100.00",')
    w("    ),")
    w("    assets: (")
    w('      as_of: "2024年8月31日",')
    w("      vehicle_quota: 0,")
    w("      vehicles: [")
    for v in VEHICLE_KINDS:
        w("        (")
        w(f"          category: {q(v)},")
        w("          count: 0,")
        w("        ),")
    w("      ],")
    w('      office_area: "",')
    w("      equipment_over_50: 0,")
    w("      equipment_over_100: 0,")
    w("      planned_vehicles: [")
    for v in VEHICLE_KINDS:
        w("        (")
        w(f"          category: {q(v)},")
        w("          count: 0,")
        w("        ),")
    w("      ],")
    w("      planned_equipment_over_100: Some(0),")
    w("    ),")
    w("    performance: (")
    w("      units_with_overall_target: 0,")
    w("      projects_with_targets: Some(4),")
    w('      projects_with_targets_amount: "598.46",')
    w("    ),")
    w("  ),")
    w("  overall_form: (")
    w('    department: "",')
    for f in ["internal_departments", "budget_units", "staff_quota", "staff_total",
              "staff_in_quota", "staff_other"]:
        w(f"    {f}: None,")
    w('    duties: "",')
    w('    strategic_goal: "",')
    w("    by_source: (")
    for f in ["total", "general", "fund", "capital", "social_insurance", "special", "unit"]:
        w(f'      {f}: "",')
    w("    ),")
    w("    by_direction: (")
    for f in ["total", "basic", "project"]:
        w(f'      {f}: "",')
    w("    ),")
    w("    key_tasks: [],")
    w('    annual_goal: "",')
    w("    indicators: [],")
    w("  ),")
    w("  project_forms: [],")
    w("  appendices: [],")
    w("  glossary: [")
    for term, d in glossary:
        w("    (")
        w(f"      term: {q(term)},")
        w(f"      definition: {q(d)},")
        w("    ),")
    w("  ],")
    w("  comments: [],")
    w("  project_notes: [")
    fields = ["overview", "basis", "implementer", "plan", "period", "annual_budget", "targets"]
    for name, parts in project_notes:
        w("    (")
        w(f"      name: {q(name)},")
        for fld, text in zip(fields, parts):
            w(f"      {fld}: {q(text)},")
        w("    ),")
    w("  ],")
    w(")")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(o) + "\n")
    print(OUT)


if __name__ == "__main__":
    main()
