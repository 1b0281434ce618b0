"""Reference values for every question of every chapter, computed with numpy.

Each `<Question>` in a chapter's MDX has an expected answer and named mistakes, written as
expressions of the cell language. This script evaluates them with the independent numpy
version of that language in make_chapter_fixtures.py (its own softmax, masks, `X[i, j]`
counted from 1, argmax), from the chapter's own numbers, and writes what each gives. The
tests compare the site's values with these to 1e-9.

Run: python3 scripts/make_question_fixtures.py  (writes tests/fixtures/questions.json)
"""
import glob
import json
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_chapter_fixtures import FUNCTIONS, M, ROOT, encode, number, to_python  # noqa: E402

QUESTION = re.compile(r"<Question\b(.*?)\n?>", re.S)
STRING_ATTR = re.compile(r'\b(id|answer|choices)="([^"]*)"')
MISTAKES = re.compile(r"mistakes=\{\{(.*?)\}\}", re.S)
PAIR = re.compile(r'"([^"]+)"\s*:\s*"([^"]+)"')


def questions(mdx):
    """Every question's attributes, read from the MDX text."""
    body = mdx.split("---", 2)[2]
    out = []
    for m in QUESTION.finditer(body):
        attrs = m.group(1)
        q = dict(STRING_ATTR.findall(attrs))
        mk = MISTAKES.search(attrs)
        q["mistakes"] = dict(PAIR.findall(mk.group(1))) if mk else {}
        out.append(q)
    return out


def environment(front):
    env = dict(FUNCTIONS)
    for c in front.get("cells", []):
        if c["kind"] == "matrix":
            env[c["name"]] = M([[number(x) for x in row] for row in c["value"]])
        elif c["kind"] == "scalar":
            env[c["name"]] = float(c["value"])
    derived = [c for c in front.get("cells", []) if c["kind"] == "derived"]
    for _ in range(len(derived) + 1):
        left = []
        for c in derived:
            try:
                env[c["name"]] = eval(to_python(c["expr"]), {"__builtins__": {}}, env)
            except NameError:
                left.append(c)
        derived = left
    return env


def main():
    fixtures = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "content", "chapters", "*.mdx"))):
        text = open(path, encoding="utf-8").read()
        front = yaml.safe_load(text.split("---", 2)[1])
        env = environment(front)
        value = lambda expr: encode(eval(to_python(expr), {"__builtins__": {}}, env))  # noqa: E731
        cid = os.path.splitext(os.path.basename(path))[0]
        fixtures[cid] = {
            q["id"]: {
                "answer": value(q["answer"]),
                "mistakes": {label: value(e) for label, e in q["mistakes"].items()},
            }
            for q in questions(text)
        }
    out = os.path.join(ROOT, "tests", "fixtures", "questions.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(fixtures, f, indent=1, ensure_ascii=False)
    print(f"wrote {out}: {', '.join(f'{k} ({len(v)} questions)' for k, v in fixtures.items())}")


if __name__ == "__main__":
    main()
