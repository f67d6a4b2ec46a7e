"""The Oxigraph executor's store: a plan's queries see the registry and that plan only, and the store is made
anew by plan count and by size, so memory stays bounded over a long run."""
from pathlib import Path

from qcdc_rules.core.iri import NS
from qcdc_rules.pipeline import Engine, load_registry

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLANS = sorted((ROOT / "fixtures" / "plans").glob("*.txt"))


def _findings(engine, path):
    return [f.model_dump() for f in engine.check_file(path).findings]


def test_a_plan_checked_after_others_gets_what_it_gets_alone():
    shared = Engine(load_registry(), "oxigraph")
    for path in PLANS:  # every earlier plan is still in the store (it is renewed every 20)
        assert _findings(shared, path) == _findings(Engine(load_registry(), "oxigraph"), path), path.name


def test_the_store_is_made_anew_once_it_holds_too_many_plan_quads():
    engine = Engine(load_registry(), "oxigraph")
    ex = engine._executor
    ex.RENEW_QUADS = 10  # any real plan is larger
    engine.check_file(PLANS[0])
    first = ex.store
    assert ex.held > 10
    engine.check_file(PLANS[1])
    assert ex.store is not first and 0 < ex.held < 10_000


def test_the_store_holds_the_registry_base_and_only_the_instruments_the_plans_reach():
    registry = load_registry()
    engine = Engine(registry, "oxigraph")
    ex = engine._executor
    ex.store, ex.loaded = ex._new_store()
    engine.check_text("KẾ HOẠCH\nCăn cứ Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007 của Ủy ban Thường vụ "
                      "Quốc hội;\n")
    cited = next(i for i in registry.instruments if i.symbol == "34/2007/PL-UBTVQH11")
    parts = registry.parts
    assert parts.unit_of[cited.iri] in ex.loaded
    assert 0 < len(ex.loaded) < len(parts.units)

    def has_symbol(symbol):
        return ex.store.query(f'ASK {{ ?i <{NS}symbol> "{symbol}" }}')

    assert has_symbol("34/2007/PL-UBTVQH11") and has_symbol("10/2022/QH15")  # the cited law and its replacement
    unreached = next(i for i in registry.instruments if i.iri in parts.unit_of
                     and parts.unit_of[i.iri] not in ex.loaded)
    assert not has_symbol(unreached.symbol)
