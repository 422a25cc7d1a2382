"""The catalogue's identity rules (t3 and t4 arithmetic) evaluated on one report."""

from pipeline.catalogue import IdentityInstance, Rule, expand_identity
from pipeline.evidence import CellIndex, evidence, finding, fmt, label, overall
from pipeline.model import Cell, Finding, RuleStatus
from pipeline.spec import CellKey


def check_identity(rule: Rule, era: str, t3_rows: list[str], cells: CellIndex) -> tuple[RuleStatus, list[Finding]]:
    """Evaluate every equation of an identity rule; a blank or missing term makes it not_assessable."""
    statuses: list[RuleStatus] = []
    findings: list[Finding] = []
    not_assessable: list[str] = []
    for inst in expand_identity(rule, era, t3_rows):
        status, f = _check_instance(rule, inst, cells)
        statuses.append(status)
        if f is not None:
            findings.append(f)
        elif status == "not_assessable":
            not_assessable.append(inst.scope)
    if not_assessable:
        findings.append(
            finding(
                rule,
                "not_assessable",
                f"无法核验（单元格缺失或为空）: {', '.join(not_assessable)}",
                scope=",".join(not_assessable),
            )
        )
    return overall(statuses), findings


def _check_instance(rule: Rule, inst: IdentityInstance, cells: CellIndex) -> tuple[RuleStatus, Finding | None]:
    # Tens of equations per report: one look-up per term, and no generator per sum.
    lhs = _stated(inst.lhs, cells)
    rhs = _stated(inst.rhs, cells)
    if lhs is None or rhs is None:
        return "not_assessable", None
    actual = sum([float(c.value or 0) for c in lhs])
    expected = sum([float(c.value or 0) for c in rhs])
    if abs(actual - expected) < 1e-9:
        return "pass", None
    left = " + ".join(f"{label(k)} {fmt(cells[k].value)}" for k in inst.lhs) if len(lhs) > 1 else label(inst.lhs[0])
    right = " + ".join(f"{label(k)} {fmt(cells[k].value)}" for k in inst.rhs if cells[k].value)
    axis = "列" if rule.identity and rule.identity["each"] == "col" else "行"
    message = (
        f"[{inst.scope}] {left} = {fmt(actual)}，但 {right or '各分项'} = {fmt(expected)}"
        f"（相差 {fmt(actual - expected)}）。请核对原表该{axis}数字。"
    )
    return "fail", finding(rule, "fail", message, expected, actual, [evidence(c) for c in lhs + rhs], inst.scope)


def _stated(keys: tuple[CellKey, ...], cells: CellIndex) -> list[Cell] | None:
    """Return the cells of `keys`, or None if any is missing or blank."""
    out = []
    for k in keys:
        c = cells.get(k)
        if c is None or c.value is None:
            return None
        out.append(c)
    return out
