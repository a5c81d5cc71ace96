"""Sensitivity analysis: which behavioural assumptions of a scenario decide its outcome.

factors.py     parse and check `--param PATH=LOW:HIGH` / `guardrail:KEY=V1,V2`
design.py      SALib: the sample (Morris, Sobol) and the indices
variants.py    a design point's scenario: its own text and digest, validated
service.py     run every point × seeds 1..K on the sweep backends; collect rows
measures.py    a point's outputs: P(exposure), person-minutes, time to contain
summary.py     summary.json's indices and ranking; the command's closing table
outputs.py     design.json, results.csv (read back on --resume), summary.json
report_html.py report.html: ranked charts with confidence intervals, S2 interactions
"""
