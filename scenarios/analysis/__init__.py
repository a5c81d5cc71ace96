"""Statistics, attribution and reports over runs: what a sweep found, with intervals, and
which single control would have stopped one incident.

- stats: Wilson intervals, bootstrap intervals, paired differences (pure functions);
- summary / compare: a sweep's rows → per-setting statistics and paired comparisons;
- report_html / plots: summary.json and a self-contained report.html;
- explain: re-run one incident with each guardrail switched on alone.
"""

from .report_html import write_reports
from .summary import summarise

__all__ = ["summarise", "write_reports"]
