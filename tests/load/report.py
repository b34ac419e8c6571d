"""Print locust's CSV figures per endpoint, then one JSON object (the last line)."""

import csv
import json
import sys

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
out = {"endpoints": {}}
for row in rows:
    figures = {"requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
               "rps": round(float(row["Requests/s"]), 1), "p50_ms": float(row["50%"] or 0),
               "p95_ms": float(row["95%"] or 0), "p99_ms": float(row["99%"] or 0)}
    if row["Name"] == "Aggregated":
        out["total"] = figures
    else:
        out["endpoints"][row["Name"]] = figures
for name, f in sorted(out["endpoints"].items()) + [("TOTAL", out.get("total", {}))]:
    print(f"{name:28} {f.get('rps', 0):7.1f} req/s  p50 {f.get('p50_ms', 0):6.0f}  p95 {f.get('p95_ms', 0):6.0f}  "
          f"p99 {f.get('p99_ms', 0):6.0f} ms  errors {f.get('errors', 0)}")
print(json.dumps(out, ensure_ascii=False))
