"""Hand-made sweep rows: only the figures the analysis reads."""


def make_row(seed, *, approval=False, check=False, outcome="exposure", window=120.0,
             person_minutes=3120.0, reads=0, correct=False, answer=22.0, approvals=0):
    exposed = outcome.startswith("exposure")
    return {
        "run_id": seed, "scenario": "hand-made", "digest": "0123456789abcdef", "seed": seed,
        "settings": {"agent.approval_required": approval, "acl.policy_check": check,
                     "ai.label_shown": False},
        "outcome": outcome,
        "metrics": {
            "outcome": outcome,
            "exposure": {"incident_window_minutes": window if exposed else 0.0,
                         "person_minutes": person_minutes if exposed else 0.0,
                         "exposed_principals": 26 if exposed else 0,
                         "unauthorized_reads": reads, "open_at_end": False},
            "detection": {"time_to_detect_minutes": 105.0 if exposed else None,
                          "time_to_contain_minutes": window if exposed else None},
            "agent": {"unapproved_actions": 0 if approval else 1},
            "advice": {"followed": 1},
            "cost": {"question_answered": answer is not None, "answered_correctly": correct,
                     "time_to_answer_minutes": answer, "approvals_requested": approvals,
                     "approval_wait_minutes": 15.0 if approvals else None,
                     "legitimate_refused": 0, "legitimate_delayed": 0},
        },
    }


def grid_rows():
    """Four seeds of the defaults (3 exposed, 1 with reads), then four with approval on
    (1 exposed; unanswered), then four with the policy check on (none exposed)."""
    rows = [make_row(1, outcome="exposure_with_access", reads=2), make_row(2), make_row(3),
            make_row(4, outcome="near_miss")]
    rows += [make_row(1, approval=True, outcome="exposure", window=60.0, person_minutes=600.0,
                      answer=None, approvals=1)]
    rows += [make_row(s, approval=True, outcome="prevented", answer=None, approvals=1)
             for s in (2, 3, 4)]
    rows += [make_row(s, check=True, outcome="near_miss") for s in (1, 2, 3, 4)]
    return rows
