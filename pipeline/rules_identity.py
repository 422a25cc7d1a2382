"""The catalogue's identity rules (t3 and t4 arithmetic) evaluated on one report."""

from pipeline.catalogue import IdentityInstance, Rule, expand_identity
from pipeline.evidence import CellIndex, evidence, finding, fmt, label, overall
from pipeline.model import Finding, RuleStatus


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
    terms = [cells.get(k) for k in (*inst.lhs, *inst.rhs)]
    if any(c is None or c.value is None for c in terms):
        return "not_assessable", None
    lhs = [cells[k] for k in inst.lhs]
    rhs = [cells[k] for k in inst.rhs]
    actual = sum(float(c.value or 0) for c in lhs)
    expected = sum(float(c.value or 0) for c in rhs)
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
