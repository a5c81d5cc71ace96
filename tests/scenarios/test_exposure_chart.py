"""The exposure chart's rows, from a run's metrics (a pure function, no database)."""

from scenarios.views.chart import exposure_chart


def window(principal, start=30.0, end=150.0, open_at_end=False, resource="user-metrics"):
    return {"resource": resource, "principal": principal, "start": start, "end": end,
            "duration_minutes": end - start, "open_at_end": open_at_end}


def metrics(windows, reads=(), minutes=360.0):
    return {
        "run_minutes": minutes, "chain": [{"kind": "alert", "t": 135.0}],
        "exposure": {
            "windows": windows, "exposed_principals": len({w["principal"] for w in windows}),
            "exposed_resources": sorted({w["resource"] for w in windows}),
            "incident_windows": [], "unauthorized_reads": len(reads),
            "unauthorized_read_events": [
                {"seq": 9, "t": t, "resource": "user-metrics", "principal": p, "records": 1}
                for p, t in reads],
        },
    }


def test_people_with_the_same_window_share_one_row_and_readers_get_their_own():
    crowd = [window(f"eng-{n:02d}") for n in range(1, 27)]
    chart = exposure_chart(metrics(crowd, reads=[("eng-07", 60.0)]))
    assert [row.label for row in chart.rows] == ["25 people", "eng-07"]
    assert len(chart.rows[1].reads) == 1
    assert chart.rows[0].reads == []


def test_a_few_people_keep_a_row_each_and_different_windows_are_not_merged():
    chart = exposure_chart(metrics([window("asha"), window("ravi"),
                                    window("eng-01", start=40.0, open_at_end=True, end=360.0)]))
    assert [row.label for row in chart.rows] == ["asha", "ravi", "eng-01"]
    assert [bar.open_at_end for row in chart.rows for bar in row.bars] == [False, False, True]


def test_rows_are_grouped_by_resource():
    chart = exposure_chart(metrics([window("asha"), window("asha", resource="finance")]))
    assert [heading for _, heading in chart.headings] == ["user-metrics", "finance"]


def test_the_axis_is_in_simulated_time_with_a_readable_number_of_ticks():
    chart = exposure_chart(metrics([window("asha")], minutes=480.0))
    labels = [label for _, label in chart.ticks]
    assert labels[0] == "T+00:00" and labels[-1] == "T+08:00"
    assert len(labels) <= 10
    assert chart.alerts[0].label == "alert T+02:15"


def test_there_is_no_chart_without_windows():
    assert exposure_chart(metrics([])) is None
