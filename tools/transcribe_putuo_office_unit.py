#!/usr/bin/env python3
"""Writes assets/samples/putuo_office_2025_unit.budget.ron, the second built-in sample.

The package is 上海市普陀区人民政府办公室's 2025 单位预算 (shared/corpus/shanghai-2025/
putuo_office_2025_unit.pdf). The nine tables below were typed from the PDF's text, row by row,
in 元 (the 三公 table in 万元, as printed); only leaf rows are stored, 类/款 rows and every total
are computed by the program and checked against the printed ones by tests/shanghai.rs. The text
parts are cut from `pdftotext -layout` of the same PDF, paragraphs re-joined.

Usage: python3 tools/transcribe_putuo_office_unit.py [path/to/putuo_office_2025_unit.layout.txt]
(default: ../shared/corpus/shanghai-2025/ beside the checkout).
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = (sys.argv[1] if len(sys.argv) > 1 else
       os.path.join(ROOT, "..", "shared", "corpus", "shanghai-2025",
                    "putuo_office_2025_unit.layout.txt"))
OUT = os.path.join(ROOT, "assets", "samples", "putuo_office_2025_unit.budget.ron")

DEPT = "上海市普陀区人民政府办公室"

# 功能分类 leaf rows of 收入预算总表 (财政拨款收入) and 支出预算总表 / 一般公共预算支出功能分类预算表
# (基本支出, 项目支出), in 元 as printed.
FUNCTION = [
    ("2010301", "行政运行", "12029501.84", "11919501.84", "110000.00"),
    ("2010302", "一般行政管理事务", "46140000.00", None, "46140000.00"),
    ("2010350", "事业运行", "3807295.58", "3767295.58", "40000.00"),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出", "20120000.00", None, "20120000.00"),
    ("2080501", "行政单位离退休", "1554220.00", "1554220.00", None),
    ("2080505", "机关事业单位基本养老保险缴费支出", "1763159.52", "1763159.52", None),
    ("2080506", "机关事业单位职业年金缴费支出", "881579.76", "881579.76", None),
    ("2080599", "其他行政事业单位养老支出", "14820.00", "14820.00", None),
    ("2101101", "行政单位医疗", "782855.28", "782855.28", None),
    ("2101102", "事业单位医疗", "314218.15", "314218.15", None),
    ("2210201", "住房公积金", "1741445.22", "1741445.22", None),
    ("2210203", "购房补贴", "1867680.00", "1867680.00", None),
]

# 一般公共预算基本支出部门预算经济分类预算表: (code as 类+款 joined, name, 人员经费, 公用经费).
ECONOMIC = [
    ("30101", "基本工资", "2540192.00", None),
    ("30102", "津贴补贴", "9572367.00", None),
    ("30107", "绩效工资", "2335998.00", None),
    ("30108", "机关事业单位基本养老保险缴费", "1763159.52", None),
    ("30109", "职业年金缴费", "881579.76", None),
    ("30110", "职工基本医疗保险缴费", "1097073.43", None),
    ("30112", "其他社会保障缴费", "45013.88", None),
    ("30113", "住房公积金", "1741445.22", None),
    ("30199", "其他工资福利支出", "1193509.00", None),
    ("30201", "办公费", None, "259400.00"),
    ("30202", "印刷费", None, "20000.00"),
    ("30204", "手续费", None, "2000.00"),
    ("30207", "邮电费", None, "30000.00"),
    ("30211", "差旅费", None, "50000.00"),
    ("30215", "会议费", None, "10000.00"),
    ("30216", "培训费", None, "30000.00"),
    ("30217", "公务接待费", None, "185000.00"),
    ("30226", "劳务费", None, "30000.00"),
    ("30228", "工会经费", None, "248117.54"),
    ("30229", "福利费", None, "483840.00"),
    ("30239", "其他交通费用", None, "379600.00"),
    ("30299", "其他商品和服务支出", None, "204820.00"),
    ("30301", "离休费", "114940.00", None),
    ("30302", "退休费", "1188720.00", None),
    ("31002", "办公设备购置", None, "200000.00"),
]

# 财务收支预算总表, expenditure by 类: (人员经费, 公用经费, 项目支出).
SUMMARY_CLASSES = [
    ("201", "13819399.88", "1867397.54", "66410000.00"),
    ("208", "3948399.28", "265380.00", None),
    ("210", "1097073.43", None, None),
    ("221", "3609125.22", None, None),
]
# 财政拨款收支预算总表, expenditure by 类 (一般公共预算).
FISCAL_CLASSES = [
    ("201", "82096797.42"),
    ("208", "4213779.28"),
    ("210", "1097073.43"),
    ("221", "3609125.22"),
]
INCOME_GENERAL = "91016775.35"

VEHICLE_KINDS = ["部级领导干部用车", "主要领导干部用车", "机要通信用车", "应急保障用车",
                 "执法执勤用车", "特种专业技术用车", "离退休干部用车", "其他用车"]


def q(s):
    """A RON string literal."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def cells(pairs):
    items = [f"{q(k)}: {q(v)}" for k, v in pairs if v is not None]
    return "{" + ", ".join(items) + "}"


def read_text():
    with open(SRC, encoding="utf-8") as f:
        return f.read().split("\n")


def paragraphs(lines):
    """Re-joins wrapped lines: a line indented by spaces starts a paragraph, one at column 0
    continues the one before; blank lines are dropped."""
    out = []
    for ln in lines:
        if not ln.strip():
            continue
        # A numbered item "（三）…" starts a paragraph even at column 0 (机构设置 is set so).
        if ln.startswith(" ") or not out or re.match(r"^（[一二三四五六七八九十]+）", ln):
            out.append(ln.strip())
        else:
            out[-1] += ln.strip()
    return out


def between(lines, start, end):
    """The lines after the heading `start` (a line that is only that text, so the table of
    contents does not count) up to the next line containing `end`."""
    i = next(k for k, ln in enumerate(lines) if ln.strip() == start)
    j = next(k for k, ln in enumerate(lines) if k > i and end in ln)
    return lines[i + 1:j]


def main():
    lines = read_text()
    duties_part = paragraphs(between(lines, DEPT + "主要职能", DEPT + "机构设置"))
    k = duties_part.index("主要职能包括：")
    duties_intro = "\n".join(duties_part[:k + 1])
    duties = [re.sub(r"^\d+\.", "", p) for p in duties_part[k + 1:]]
    org = paragraphs(between(lines, DEPT + "机构设置", "名词解释"))
    offices = [re.sub(r"^（[一二三四五六七八九十]+）", "", p).split("。")[0] for p in org[1:]]
    glossary = []
    for p in paragraphs(between(lines, "名词解释", "2025年单位预算编制说明")):
        m = re.match(r"^（[一二三四五六七八九十]+）(.+?)：(.*)$", p)
        glossary.append((m.group(1), m.group(2)))
    notes = paragraphs(between(lines, "2025年单位预算编制说明", "2025年预算单位财务收支预算总表"))
    i = max(k for k, ln in enumerate(lines) if "其他相关情况说明" in ln)
    rest = lines[i + 1:]
    heads = ["一、2025年“三公”经费预算情况说明", "二、机关运行经费预算", "三、政府采购预算情况",
             "四、绩效目标设置情况", "五、国有资产占有使用情况"]
    idx = [next(k for k, ln in enumerate(rest) if h in ln) for h in heads] + [len(rest)]
    other = [paragraphs(rest[idx[n] + 1:idx[n + 1]]) for n in range(5)]

    o = []
    w = o.append
    w("(")
    w("  format_version: 1,")
    w("  year: 2025,")
    w('  layout: "shanghai-unit",')
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
    w("    offices: [")
    for x in offices:
        w(f"      {q(x)},")
    w("    ],")
    w("    units: [")
    w("      (")
    w(f"        name: {q(DEPT)},")
    w("        kind: Administrative,")
    w("      ),")
    w("    ],")
    w("  ),")
    w("  tables: {")
    # Table keys sort as strings in the file (t1, t2 … t9 here).
    w('    "t1": (')
    w("      blocks: {")
    w('        "expenditure": [')
    for code, per, pub, proj in SUMMARY_CLASSES:
        w(f'          (code: "{code}", cells: {cells([("personnel", per), ("project", proj), ("public", pub)])}),')
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
    for key in ["t3"]:
        w(f'    "{key}": (')
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
    for code, gen in FISCAL_CLASSES:
        w(f'          (code: "{code}", cells: {cells([("general", gen)])}),')
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
    for key, fund in [("t6", "政府性基金预算"), ("t7", "国有资本经营预算")]:
        note = f"注:本单位2025年无{fund}财政拨款安排的预算，故本表为空表。"
        assert any(ln.strip() == note for ln in lines), note
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
    w('          (code: "budget", cells: {"abroad": "839.00", "operating_cost": "213.28", "reception": "28.50"}),')
    w("        ],")
    w("      },")
    w("    ),")
    w("  },")
    w("  explanation: [")
    sections = [("budget_notes", "", "2025年单位预算编制说明", notes)]
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
    # 一般公共预算拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元.
    w('      general_expenditure: "11491.20",')
    w('      abroad: "839.00",')
    w('      reception: "28.50",')
    w('      vehicle_purchase: "0",')
    w('      vehicle_running: "0",')
    w('      operating_cost: "",')
    w('      fiscal: "11491.20",')
    w("    ),")
    w("    procurement: (")
    w('      total: "34",')
    w('      goods: "0",')
    w('      works: "0",')
    w('      services: "34",')
    w('      sme_reserved: "34",')
    w('      small_micro_reserved: "34",')
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
    w("      projects_with_targets: Some(11),")
    w('      projects_with_targets_amount: "6626",')
    w("    ),")
    w("  ),")
    w("  overall_form: (")
    for f in ["department"]:
        w(f'    {f}: "",')
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
    w(")")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(o) + "\n")
    print(OUT)


if __name__ == "__main__":
    main()
