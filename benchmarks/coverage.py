"""How much of the law that real documents cite the registry knows: the share of citations of central
instruments (laws, decrees, resolutions of the National Assembly and the Government, the Prime Minister's
and the ministries' instruments, Party documents) that resolve to a registry entry. Prints numbers;
asserts nothing.

    python benchmarks/coverage.py [--real DIR ...] [--plans DIR] [--top 30] [--registry EXTRA.ttl]

Defaults: ../shared/corpus/real-2025 and real-2025-more (official texts of 2025, markdown exports) for the
overall figure, and ../shared/corpus/*.txt (grassroots-democracy plans) plus every real text whose title
names dân chủ ở cơ sở for the figure on documents about dân chủ ở cơ sở.

The citations are the engine's own (the `citations` of the JSON report, with `resolved` and
`instrument`). A citation counts as central when the issuer code of its symbol (its last segment, digits
dropped: "72/2025/QH15" -> QH, "57-NQ/TW" -> TW, "06/QĐ-TTg" -> TTg, "05/2025/TT-BNV" -> BNV) is one of
QH, UBTVQH, CP, TTg, TW or ends in TW (Ban Tổ chức Trung ương …), a ministry's B… code (not the local
BCĐ, BDV, BQL), or VPCP, TTCP, NHNN, KTNN; a citation by name alone (no symbol) counts when it resolves
to a central instrument (a law cited by name the engine does not recognise is not counted: the engine
does not report it). Citations on the lines of a legal website's own notices, exported with some texts
("THƯ VIỆN PHÁP LUẬT … Quý Thành viên …", which cite Nghị định 13/2023/NĐ-CP ~450 times), are not the
documents' citations and are left out.
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CENTRAL = {"QH", "UBTVQH", "CP", "TTG", "TW", "VPCP", "TTCP", "NHNN", "KTNN"}
LOCAL_B = {"BCĐ", "BDV", "BQL", "BCH", "BTV"}
# a legal website's notice to its members, exported with some texts: not part of the document
BOILERPLATE = ("THƯ VIỆN PHÁP LUẬT", "Quý Thành viên", "chúng tôi cập nhật Quy chế")


def issuer_code(symbol: str) -> str:
    """The issuer code a symbol ends with, digits dropped and upper-cased ("PL-UBTVQH11" -> "UBTVQH")."""
    last = re.split(r"[-/]", symbol.strip().rstrip(".,;:"))[-1]
    return re.sub(r"\d+", "", unicodedata.normalize("NFC", last)).upper()


def is_central(symbol: str) -> bool:
    code = issuer_code(symbol)
    if code in CENTRAL or (code.endswith("TW") and len(code) > 2):
        return True
    return bool(re.fullmatch(r"B[A-ZĐ]{1,7}", code)) and code not in LOCAL_B


def about_grassroots_democracy(title: str) -> bool:
    t = unicodedata.normalize("NFC", title or "").lower()
    return "dân chủ ở cơ sở" in t or "dân chủ cơ sở" in t or "quy chế dân chủ" in t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--real", nargs="*", default=[str(CORPUS / "real-2025"), str(CORPUS / "real-2025-more")])
    ap.add_argument("--plans", default=str(CORPUS), help="folder of grassroots-democracy plans (*.txt)")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--registry", action="append", default=[], help="extra registry file (Turtle)")
    args = ap.parse_args()

    from qcdc_rules.pipeline import Engine, Options
    from qcdc_rules.knowledge import build_from_files

    engine = Engine(build_from_files(tuple(args.registry))) if args.registry else Engine()
    central_iris = {i.iri for i in engine.registry.instruments if is_central(i.symbol)}
    real = sorted(p for d in args.real for p in Path(d).glob("*.md"))
    plans = sorted(Path(args.plans).glob("*.txt"))
    if not real and not plans:
        sys.exit("no documents found")

    t0 = time.perf_counter()
    totals = {"all": [0, 0], "dccs": [0, 0]}
    docs = {"all": 0, "dccs": 0}
    unresolved: collections.Counter = collections.Counter()
    unresolved_docs: dict[str, set] = collections.defaultdict(set)
    by_kind: collections.Counter = collections.Counter()
    by_kind_ok: collections.Counter = collections.Counter()
    for path in real + plans:
        fr = engine.check_file(path, Options())
        if fr.error:
            continue
        title = fr.plan.title if fr.plan else ""
        dccs = path in plans or about_grassroots_democracy(title)
        sets = (["all"] if path in real else []) + (["dccs"] if dccs else [])
        for s in sets:
            docs[s] += 1
        own = (fr.plan.number or "") if fr.plan else ""
        lines = unicodedata.normalize("NFC", path.read_text("utf-8", errors="replace")).splitlines()
        for c in fr.citations:
            if c.page is None and c.paragraph is None and 0 < c.line <= len(lines) and \
                    any(b in lines[c.line - 1] for b in BOILERPLATE):
                continue
            sym = c.symbol or ""
            if sym and own and sym.upper() == own.upper():
                continue  # the document's own number in its header
            if sym:
                if not is_central(sym):
                    continue
            elif not (c.resolved and c.instrument in central_iris):
                continue
            code = issuer_code(sym) if sym else "(tên)"
            for s in sets:
                totals[s][0] += 1
                totals[s][1] += bool(c.resolved)
            if path in real:
                by_kind[code] += 1
                by_kind_ok[code] += bool(c.resolved)
                if not c.resolved:
                    key = unicodedata.normalize("NFC", sym).replace("TTG", "TTg")
                    unresolved[key] += 1
                    unresolved_docs[key].add(path.name)
    elapsed = time.perf_counter() - t0

    def pct(a: int, b: int) -> str:
        return f"{100 * b / a:.1f}%" if a else "—"

    print(f"registry: {len(engine.registry.instruments)} instruments; {len(real)} real texts, {len(plans)} plans "
          f"({elapsed:.1f} s)")
    print()
    print("| documents | documents counted | citations of central instruments | resolved | share |")
    print("|---|---|---|---|---|")
    print(f"| real official texts of 2025 | {docs['all']} | {totals['all'][0]} | {totals['all'][1]} | "
          f"{pct(*totals['all'])} |")
    print(f"| about dân chủ ở cơ sở (plans + real texts so titled) | {docs['dccs']} | {totals['dccs'][0]} | "
          f"{totals['dccs'][1]} | {pct(*totals['dccs'])} |")
    print()
    print("by issuer code (real texts): " + ", ".join(
        f"{k} {by_kind_ok[k]}/{n}" for k, n in by_kind.most_common()))
    print()
    print(f"top {args.top} unresolved symbols (real texts): citations, documents")
    for sym, n in unresolved.most_common(args.top):
        print(f"  {n:4d} {len(unresolved_docs[sym]):3d}  {sym}")


if __name__ == "__main__":
    main()
