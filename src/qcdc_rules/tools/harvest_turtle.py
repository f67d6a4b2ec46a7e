"""Turtle for `registry harvest`: the proposed blocks, in the style of ontology/instruments.ttl (split from
tools/harvest.py, which reads the facts)."""
from __future__ import annotations

import re
from typing import Optional

from ..core.iri import NS, REGISTRY
from ..core.symbols import parse_symbol, symbol_key
from ..core.text import fold
from .harvest import Harvest, Relation

CLASS_OF = {"nghị định": "NghiDinh", "luật": "Luat", "bộ luật": "Luat", "pháp lệnh": "PhapLenh", "thông tư": "ThongTu",
            "thông tư liên tịch": "ThongTu", "nghị quyết": "NghiQuyet", "quyết định": "QuyetDinh", "chỉ thị": "ChiThi"}
CODE_ISSUER = {"CP": "CP", "QH": "QH", "TTg": "TTg", "UBTVQH": "UBTVQH"}
PREFIX = {"NghiDinh": "ND", "Luat": "L", "PhapLenh": "PL", "ThongTu": "TT", "NghiQuyet": "NQ", "QuyetDinh": "QD",
          "ChiThi": "CT"}


def _lit(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def iri_for(symbol: str, type_word: Optional[str], registry) -> str:
    inst = registry.by_symbol.get(symbol_key(symbol)) if registry is not None else None
    if inst is not None:
        return "reg:" + inst.iri.rsplit("/", 1)[-1]
    p = parse_symbol(symbol)
    cls = CLASS_OF.get((type_word or "").lower(), "Instrument")
    local = "-".join(str(x) for x in (PREFIX.get(cls, "VB"), p.number, p.year) if x is not None)
    if p.issuer_code and p.issuer_code not in CODE_ISSUER:
        local += "-" + re.sub(r"[^A-Za-z0-9]", "", fold(p.issuer_code).upper())
    return "reg:" + local


def _issuer_node(issuer: Optional[str], code: Optional[str]) -> tuple[Optional[str], list[str]]:
    if code in CODE_ISSUER:
        return "reg:" + CODE_ISSUER[code], []
    if not issuer:
        return None, []
    node = "reg:ISSUER-" + re.sub(r"[^A-Za-z0-9]+", "-", fold(issuer).upper()).strip("-")
    return node, [f'{node} a qcdc:Issuer ; rdfs:label {_lit(issuer)}@vi ; qcdc:level qcdc:LocalLevel .']


HEAD = f"""@prefix qcdc: <{NS}> .
@prefix reg:  <{REGISTRY}> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix dct:  <http://purl.org/dc/terms/> .
"""


def _prov(covers: list[str], source: str, conf: str = "verified") -> str:
    return (f"[ qcdc:covers {', '.join('qcdc:' + c for c in covers)} ;\n        dct:source {_lit(source)} ;"
            f" qcdc:confidence qcdc:{conf} ]")


def to_turtle(h: Harvest, registry, secondary: Optional[dict] = None) -> str:
    """The proposed registry blocks of one harvest, in the style of ontology/instruments.ttl."""
    if not h.symbol:
        return f"# {h.path}: không tìm thấy số, ký hiệu của văn bản; không đề xuất được mục nào.\n"
    me = iri_for(h.symbol, h.type_word, registry)
    p = parse_symbol(h.symbol)
    cls = CLASS_OF.get((h.type_word or "").lower(), "Instrument")
    issuer, extra = _issuer_node(h.issuer, p.issuer_code)
    facts = [f"qcdc:symbol {_lit(h.symbol)}"] + ([f"qcdc:number {p.number}"] if p.number is not None else [])
    facts += [f"qcdc:issueYear {p.year}"] if p.year else []
    facts += [f"qcdc:issuer {issuer}"] if issuer else []
    facts += [f"qcdc:title {_lit(h.title)}"] if h.title else []
    facts.append(f"qcdc:citationLabel {_lit(h.label)}")
    own = [c for c, v in (("symbol", 1), ("issuer", issuer), ("title", h.title), ("dateIssued", h.date_issued)) if v]
    provs = [_prov(own, f"{h.label} (phần đầu văn bản)")]
    if h.date_issued:
        facts.append(f'qcdc:dateIssued "{h.date_issued.isoformat()}"^^xsd:date')
    else:
        facts.append("qcdc:unknownFact qcdc:dateIssued")
    eif = h.eif or (h.date_issued if h.eif_note == "kể từ ngày ký" else None)
    if eif:
        facts.append(f'qcdc:entryIntoForce "{eif.isoformat()}"^^xsd:date')
        note = " (có hiệu lực kể từ ngày ký: ngày ban hành)" if not h.eif else ""
        provs.append(_prov(["entryIntoForce"], f'{h.label}, {h.eif_article}: "{h.eif_quote}"{note}'))
    elif h.eif_note:
        extra.append(f"# {h.label}: ngày có hiệu lực {h.eif_note} — {h.eif_article}: \"{h.eif_quote}\"; chưa ghi "
                     "qcdc:entryIntoForce.")
    blocks = []
    for kind, prop in (("replaces", "replaces"), ("repeals", "replaces"), ("amends", "amends")):
        targets = [r for r in h.relations if r.kind == kind]
        if targets and not (kind == "repeals" and any(r.kind == "replaces" for r in h.relations) and prop in facts):
            facts.append(f"qcdc:{prop} " + ", ".join(iri_for(r.target, r.target_type, registry) for r in targets))
    for r in h.relations:
        provs.append(_prov(["replaces" if r.kind in ("replaces", "repeals") else "amends"] if r.kind != "ceases"
                           else ["ceases"],
                           f'{h.label}, {r.article}: "{r.quote}"') if r.kind != "ceases" else "")
        blocks.append(_target_block(h, r, me, registry))
    provs = [x for x in provs if x and "qcdc:ceases" not in x]
    facts += ["qcdc:confidence qcdc:verified", "qcdc:provenance " + " ,\n      ".join(provs)]
    head = f"{me} a qcdc:{cls}, owl:NamedIndividual ;\n    " + " ;\n    ".join(facts) + " ."
    lines = [f"# Đề xuất từ {h.path} (qcdc-check registry harvest) — người duy trì xem xét trước khi đưa vào ontology/"]
    return "\n".join(lines + extra + [head] + [b for b in blocks if b] + (_secondary(secondary or {}, registry))) + "\n"


def _target_block(h: Harvest, r: Relation, me: str, registry) -> str:
    node = iri_for(r.target, r.target_type, registry)
    src = f'{h.label}, {r.article}: "{r.quote}"'
    if r.kind == "amends":
        return f"{node} qcdc:amendedBy {me} ;\n    qcdc:provenance {_prov(['amendedBy'], src)} ."
    facts, covers = [], []
    if r.date:
        facts.append(f'qcdc:ceased "{r.date.isoformat()}"^^xsd:date')
        covers.append("ceased")
        if r.date_note:
            src += f" ({r.date_note}: {r.date.strftime('%d/%m/%Y')})"
    else:
        src += " (ngày hết hiệu lực: văn bản không ghi; người duy trì xác định)"
    if r.kind in ("replaces", "repeals"):
        facts.append(f"qcdc:replacedBy {me}")
        covers.append("replacedBy")
    if not facts:
        return f"# {node}: {src}"
    new = "" if registry is not None and symbol_key(r.target) in registry.by_symbol else _stub(r, node)
    return new + f"{node} " + " ; ".join(facts) + f" ;\n    qcdc:provenance {_prov(covers, src)} ."


def _stub(r: Relation, node: str) -> str:
    p = parse_symbol(r.target)
    cls = CLASS_OF.get(r.target_type.lower(), "Instrument")
    label = f"{r.target_type} số {r.target}"
    facts = [f"qcdc:symbol {_lit(r.target)}"] + ([f"qcdc:number {p.number}"] if p.number is not None else [])
    facts += ([f"qcdc:issueYear {p.year}"] if p.year else []) + [f"qcdc:citationLabel {_lit(label)}",
                                                                 "qcdc:unknownFact qcdc:dateIssued"]
    if p.issuer_code in CODE_ISSUER:
        facts.append(f"qcdc:issuer reg:{CODE_ISSUER[p.issuer_code]}")
    return (f"# {label}: chưa có trong danh mục; cơ quan ban hành và ngày ban hành cần bổ sung\n"
            f"{node} a qcdc:{cls}, owl:NamedIndividual ;\n    " + " ;\n    ".join(facts) + " .\n")


def _secondary(agreed: dict, registry) -> list[str]:
    out = []
    for key, facts in sorted(agreed.items()):
        if "dateIssued" in facts:
            (day, texts) = facts["dateIssued"]
            node = iri_for(key, None, registry)
            out.append(f'# {key}: ngày ban hành theo {len(texts)} văn bản dẫn lại\n{node} qcdc:dateIssued '
                       f'"{day.isoformat()}"^^xsd:date ;\n'
                       "    qcdc:provenance "
                       f"{_prov(['dateIssued'], 'văn bản dẫn lại: ' + '; '.join(texts), 'secondary')} .")
    return out
