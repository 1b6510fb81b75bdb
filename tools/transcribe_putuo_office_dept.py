#!/usr/bin/env python3
"""Writes tests/fixtures/shanghai/putuo_office_2025_dept.budget.ron: 上海市普陀区人民政府办公室's
2025 部门预算 (shared/corpus/shanghai-2025/putuo_office_2025_dept.pdf), layout shanghai-dept.

The department is the office with one 事业单位 folded into it, so its tables carry the same
amounts as the office's 单位预算 (the built-in 上海 sample): the rows are taken from
tools/transcribe_putuo_office_unit.py; texts are cut from this PDF's `pdftotext -layout`.

Usage: python3 tools/transcribe_putuo_office_dept.py [path/to/putuo_office_2025_dept.layout.txt]
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
                    "putuo_office_2025_dept.layout.txt"))
OUT = os.path.join(ROOT, "tests", "fixtures", "shanghai", "putuo_office_2025_dept.budget.ron")

DEPT = "上海市普陀区人民政府办公室"

from transcribe_putuo_office_unit import ECONOMIC, FUNCTION, INCOME_GENERAL  # noqa: E402
from transcribe_putuo_office_unit import FISCAL_CLASSES as CLASSES  # noqa: E402

NOTE_HEADS = ["一、项目概述", "二、立项依据", "三、实施主体", "四、实施方案", "五、实施周期",
              "六、年度预算安排", "七、绩效目标"]


def main():
    with open(SRC, encoding="utf-8") as f:
        lines = f.read().split("\n")
    duties_part = paragraphs(between(lines, DEPT + "主要职能", DEPT + "机构设置"))
    k = duties_part.index("主要职能包括：")
    duties_intro = "\n".join(duties_part[:k + 1])
    duties = [re.sub(r"^\d+\.", "", p) for p in duties_part[k + 1:]]
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
        # A heading "…项目经费情况说明" names "…项目".
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
    for name, kind in [(DEPT, "Administrative"), ("上海市普陀区交流服务中心", "Public")]:
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
    w('          (code: "budget", cells: {"abroad": "839.00", "operating_cost": "213.28", "reception": "28.50"}),')
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
