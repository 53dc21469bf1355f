"""The E2 cases against E0 measured around each of their repetitions (bench/harness/measure.py, `paired`): the
ratios the targets table reads, since an E0 measured once, minutes before, moves with this machine's drift."""


def paired_ratio(r):
    """A case's E2 / E0 from the E0 runs around it (median of its repetitions), or None for a run made before them."""
    return r["vs_e0"]["rps_ratio"]["median"] if r and r.get("vs_e0") else None


def ratio_cell(x):
    return "%.2f <small>(%.2f–%.2f)</small>" % (x["median"], x["min"], x["max"])


def paired_table(http, name_of):
    out = ["| case | E2 req/s | E0 around it, req/s | E2 / E0 | by CPU µs per request (E0's ÷ E2's) |",
           "| --- | ---: | ---: | ---: | ---: |"]
    for r in http:
        paired = r.get("vs_e0")
        if r["stack"] != "app" or r["endpoint"] != "E2" or not paired:
            continue
        e0 = paired["e0_rps"]
        out.append(f"| {name_of(r)} | {r['closed']['rps_median']:,.0f} | "
                   f"{e0['median']:,.0f} <small>({e0['min']:,.0f}–{e0['max']:,.0f})</small> | "
                   f"{ratio_cell(paired['rps_ratio'])} | {ratio_cell(paired['cpu_ratio'])} |")
    if len(out) == 2:
        return "No E2 case of this run was measured against an E0 around it."
    return "\n".join(out)
