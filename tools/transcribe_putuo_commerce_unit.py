#!/usr/bin/env python3
"""Writes tests/fixtures/shanghai/putuo_commerce_2025_unit.budget.ron: 上海市普陀区商务委员会's
2025 单位预算 (shared/corpus/shanghai-2025/putuo_commerce_2025_unit.pdf), layout shanghai-unit.

The commission is one unit, so its tables carry the 部门预算's amounts (rows taken from
tools/transcribe_putuo_commerce_dept.py), with table 1 split into 人员经费, 公用经费 and 项目支出
as this PDF prints it; texts are cut from this PDF's `pdftotext -layout` (it too prints part of
主要职能 twice).

Usage: python3 tools/transcribe_putuo_commerce_unit.py [path/to/putuo_commerce_2025_unit.layout.txt]
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = (sys.argv[1] if len(sys.argv) > 1 else
       os.path.join(ROOT, "..", "shared", "corpus", "shanghai-2025",
                    "putuo_commerce_2025_unit.layout.txt"))
OUT = os.path.join(ROOT, "tests", "fixtures", "shanghai", "putuo_commerce_2025_unit.budget.ron")

DEPT = "上海市普陀区商务委员会"

sys.path.insert(0, HERE)
from transcribe_putuo_commerce_dept import CLASSES as FISCAL_CLASSES  # noqa: E402
from transcribe_putuo_commerce_dept import ECONOMIC, FUNCTION, INCOME_GENERAL  # noqa: E402

# 财务收支预算总表, expenditure by 类: (人员经费, 公用经费, 项目支出), as this PDF prints them.
SUMMARY_CLASSES = [
    ("201", "10823891.00", "1467842.00", "9310000.00"),
    ("206", None, None, "17200000.00"),
    ("208", "3565865.00", "242220.00", None),
    ("210", "881803.00", None, None),
    ("215", None, None, "293810000.00"),
    ("216", None, None, "31364000.00"),
    ("221", "2849034.00", None, None),
]

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
    duties = [re.sub(r"^\d+、", "", p) for p in duties_part[k + 1:]]
    org = paragraphs(between(lines, DEPT + "机构设置", "名词解释"))
    offices = re.search(r"内设机构，包括：(.+?)。", "".join(org)).group(1).split("、")
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
    w('          (code: "budget", cells: {"operating_cost": "171.01", "reception": "1.00"}),')
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
    # 一般公共预算拨款支出预算37,151.47万元，比2024年预算增加24,491.71万元.
    w('      general_expenditure: "12659.76",')
    w('      abroad: "0",')
    w('      reception: "1.00",')
    w('      vehicle_purchase: "0",')
    w('      vehicle_running: "0",')
    w('      operating_cost: "",')
    # 财政拨款收入37,151.47万元，比2024年预算执行数增加24,558.18万元.
    w('      fiscal: "12593.29",')
    w("    ),")
    w("    procurement: (")
    w('      total: "38.20",')
    w('      goods: "7.80",')
    w('      works: "0",')
    w('      services: "30.40",')
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
    w("      projects_with_targets: Some(25),")
    w('      projects_with_targets_amount: "11381.60",')
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
