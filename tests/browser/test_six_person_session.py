"""Issue 11's six-person tabletop, click by click in Chromium: a facilitator, five people
holding the invoker's, the follower's, the monitor's, the security on-call's and the
responder's roles, and an observer whose room view stays open the whole time. Three kinds
of inject (four: a planted instruction, a guardrail, a message, an
alert), rationales and a note, then the after-action report, its run pages and its PDF.
"""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import browser_db, go_to, screenshot

pytestmark = [pytest.mark.browser, browser_db]

TITLE = "Six-seat drill"
ROOM_POLL = 15_000  # the room view polls every 4 s
NOTE = "Pat followed the answer without checking it; ask why at the debrief."

# actor → (the role's combobox on the start form, who plays it, their decision heading)
ROLES = {
    "ravi": ("Ravi Menon — asks the AI agent for help",
             ("rosa", "Rosa Alvarez"),
             "Your agent published an answer for you without asking"),
    "priya": ("Priya Shah — follows forum advice", ("pat", "Pat Moreno"),
              "An answer on the forum recommends a change"),
    "sam": ("Sam Okafor — watches datasets", ("sol", "Sol Haddad"),
            "You noticed a change on a dataset you watch: alert or not"),
    "lena": ("Lena Park — security on-call", ("lin", "Lin Baptiste"),
             "An alert on a dataset you cover: escalate it or not"),
    "dmitri-oncall": ("Dmitri Ivanov — answers alerts", ("rui", "Rui Santos"),
                      "An alert on a dataset: revert the grant or not"),
}
# actor → (the button they press, their one-line reason), in the order the story reaches them
CHOICES = {
    "ravi": ("Leave the answer", "The answer looked plausible and I was in a meeting."),
    "priya": ("Carry out the advice", "Dmitri's message came too late; the fix looked quick."),
    "sam": ("Raise the alert", "All engineers can read a restricted dataset."),
    "lena": ("Escalate the alert", "Restricted user data is exposed to the whole org."),
    "dmitri-oncall": ("Revert the grant", "Close the exposure first, investigate after."),
}


def _start(console, people):
    go_to(console, "Exercises")
    console.get_by_role("link", name="Start a tabletop session").click()
    console.get_by_label("Scenario").select_option("meta_internal_forum")
    console.get_by_role("button", name="Continue").click()
    for actor, (combobox, _, _) in ROLES.items():
        person = people[actor]
        console.get_by_role("combobox", name=combobox).select_option(
            label=f"{person.display_name} ({person.username})")
    console.get_by_label("Session title").fill(TITLE)
    console.get_by_role("button", name="Start the session").click()
    expect(console.get_by_text("The session has started; the clock is held at minute 0.")
           ).to_be_visible()
    expect(console.get_by_text("The clock is held.")).to_be_visible()
    expect(console.locator(".clock")).to_have_text("T+00:00")


def _invite_observer(console, observer):
    console.get_by_role("link", name="Observers").click()
    _field(console, "Username").fill(observer.username)
    console.get_by_role("button", name="Invite").click()
    expect(console.get_by_text(f"{observer.display_name} may now watch the room view.")
           ).to_be_visible()
    console.get_by_role("link", name=TITLE).click()


def _open_room(room):
    """The observer's room view, with a mark that a reload would wipe out."""
    go_to(room, "Exercises")
    room.get_by_role("link", name=TITLE).click()
    expect(room).to_have_url(re.compile(r"/exercises/sessions/\d+/room/$"))
    room.evaluate("window.stillTheSamePage = true")


def _field(page, label):
    """A form field by its whole label (Django's labels end with a colon)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def _inject(console, kind, minute, fields=None, choices=None):
    """An inject of `kind` from the console: pick the kind, then fill its fields."""
    console.get_by_label("Kind of event").select_option(kind)
    console.get_by_role("button", name="Show its fields").click()
    expect(console).to_have_url(re.compile(rf"\?kind={kind}$"))
    _field(console, "At minute").fill(str(minute))
    for label, value in (choices or {}).items():
        _field(console, label).select_option(value)
    for label, value in (fields or {}).items():
        _field(console, label).fill(value)
    console.get_by_role("button", name="Add to the timeline").click()
    expect(console.get_by_text("The inject is on the timeline.")).to_be_visible()


def _run_to_next(console, clock):
    console.get_by_role("button", name="Run to the next decision").click()
    expect(console.locator(".clock")).to_have_text(clock)


def _decide(seat, actor):
    """Exercises → the session → the seat's decision: a choice and one line saying why."""
    _, _, heading = ROLES[actor]
    choice, why = CHOICES[actor]
    go_to(seat, "Exercises")
    seat.get_by_role("link", name=TITLE).click()
    expect(seat.get_by_role("heading", name=f"Your decision: {heading.lower()}")).to_be_visible()
    seat.get_by_label("Why (optional, one line)").fill(why)
    seat.get_by_role("button", name=choice, exact=True).click()
    expect(seat.get_by_text(f"Your decision “{choice}” is recorded.")).to_be_visible()


def _expect_room(room, clock, deciding):
    """The observer's room has moved on by itself: its clock, who it waits for."""
    if clock:
        expect(room.locator(".room-clock")).to_have_text(clock, timeout=ROOM_POLL)
    expect(room.locator(".room-deciding")).to_contain_text(deciding, timeout=ROOM_POLL)
    assert room.evaluate("window.stillTheSamePage") is True, "the room view was reloaded"


def test_six_people_play_the_reference_incident_to_the_report(open_page, person, tmp_path):
    fay = person("fay", "Fay Facilitator", is_staff=True)
    people = {actor: person(username, name)
              for actor, (_, (username, name), _) in ROLES.items()}
    olly = person("olly", "Olly Observer")

    console = open_page(fay)
    _start(console, people)
    _invite_observer(console, olly)
    room = open_page(olly)
    _open_room(room)
    _expect_room(room, "T+00:00", "Nobody is deciding")

    # Before the agent reads the thread: a reply hiding an instruction for it; before its
    # answer is acted on: a guardrail switched on, and a word to Priya from Dmitri.
    _inject(console, "post_injection", 10,
            fields={"Text before the instruction": "Same here, see the job's log:"},
            choices={"Posted by": "asha", "In the thread": "q1",
                     "Hidden instruction for AI agents": "quoted_log",
                     "It asks the agent to": "quote_records", "Dataset it names": "user-metrics"})
    _inject(console, "set_guardrail", 25, fields={"New value": "true"},
            choices={"Guardrail": "ai.label_shown"})
    _inject(console, "send_message", 26,
            fields={"Message": "Please don't touch the user-metrics ACL before we talk."},
            choices={"From": "dmitri", "To": "priya"})

    _run_to_next(console, "T+00:27")
    _expect_room(room, "T+00:27", "Rosa Alvarez")
    seats = {actor: open_page(people[actor]) for actor in ROLES}
    _decide(seats["ravi"], "ravi")
    expect(console.get_by_text("by Rosa Alvarez")).to_be_visible(timeout=ROOM_POLL)
    expect(room.locator(".room-deciding")).not_to_contain_text("Rosa Alvarez",
                                                               timeout=ROOM_POLL)

    _run_to_next(console, "T+00:30")
    _expect_room(room, "T+00:30", "Pat Moreno")
    seat = seats["priya"]
    go_to(seat, "Exercises")
    seat.get_by_role("link", name=TITLE).click()
    inbox = seat.get_by_role("region", name="Messages for you")
    expect(inbox).to_contain_text("Dmitri Ivanov")
    expect(inbox).to_contain_text("Please don't touch the user-metrics ACL")
    _decide(seat, "priya")

    _field(console, "Run to minute").fill("60")
    console.get_by_role("button", name="Run to this minute").click()
    expect(console.locator(".clock")).to_have_text("T+01:00")
    _field(console, "Note").fill(NOTE)
    console.get_by_role("button", name="Note it at T+01:00").click()
    expect(console.get_by_role("region", name="Your notes")).to_contain_text(NOTE)

    _run_to_next(console, "T+02:15")
    _inject(console, "raise_alert", 200, fields={"What the alert says": "Unusual reads of user-metrics"},
            choices={"Dataset": "user-metrics"})
    expect(console.get_by_role("region", name="Inject an event").locator("ul")
           ).to_contain_text("Unusual reads of user-metrics")
    screenshot(console, "tabletop-console-six")
    _expect_room(room, "T+02:15", "Sol Haddad")
    screenshot(room, "tabletop-room-view")
    _decide(seats["sam"], "sam")

    _run_to_next(console, "T+02:25")
    _expect_room(room, "T+02:25", "Lin Baptiste")
    _decide(seats["lena"], "lena")
    _run_to_next(console, "T+02:30")
    _expect_room(room, "T+02:30", "Rui Santos")
    _decide(seats["dmitri-oncall"], "dmitri-oncall")

    console.get_by_role("link", name="End the session…").click()
    expect(console.get_by_role("heading", name="End the session?")).to_be_visible()
    console.get_by_role("button", name="Yes, end the session").click()
    expect(console.get_by_role("heading", name=f"After-action report: {TITLE}")).to_be_visible()
    _check_report(console, people, tmp_path)
    screenshot(console, "tabletop-report-six")
    _follow_a_run(console)

    _expect_room(room, None, "The session has ended.")
    room.get_by_role("link", name="After-action report").click()
    expect(room.get_by_role("heading", name=f"After-action report: {TITLE}")).to_be_visible()
    expect(room.get_by_role("heading", name="What the table decided")).to_be_visible()


def _check_report(report, people, tmp_path):
    expect(report.get_by_role("heading", name=re.compile("^Outcome: "))).to_be_visible()
    decided = report.get_by_role("region", name="What the table decided").locator("tbody tr")
    for actor, (choice, why) in CHOICES.items():
        row = decided.filter(has=report.locator("code", has_text=re.compile(f"^{actor}$")))
        expect(row).to_have_count(1)
        for words in (choice, people[actor].display_name, why):
            expect(row).to_contain_text(words)
    expect(report.get_by_role("region", name="Facilitator's notes")).to_contain_text(NOTE)

    compared = report.get_by_role("region", name="What it cost, compared")
    headers = compared.locator("thead th")
    for label in ("Scripted, scenario defaults", "Strongest guardrails"):
        expect(headers.filter(has_text=label)).to_contain_text("the same injects")
    expect(compared.get_by_role("link", name=re.compile(r"^Run \d+: "))).to_have_count(3)
    changed = report.get_by_role("region", name="What the injects changed")
    expect(changed.locator("thead th")).to_contain_text(["Figure", "With the injects",
                                                         "Without injects"])
    frameworks = report.get_by_role("region", name="LLM06:2025 Excessive Agency and MITRE ATLAS")
    expect(frameworks.get_by_role("heading", name=re.compile("^LLM06:2025 excessive autonomy"))
           ).to_be_visible()
    expect(frameworks.get_by_role("heading", name=re.compile(r"^AML\.T\d+"))).to_have_count(3)
    expect(frameworks.get_by_role("heading", name="AML.T0051.001 LLM Prompt Injection: Indirect")
           ).to_contain_text("Applies")

    with report.expect_download() as download:
        report.get_by_role("link", name="Download as PDF").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename.endswith(".pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    for words in ("Outcome", "What the table decided", "Leave the answer",
                  "Close the exposure first", "Facilitator's notes", "ask why at the debrief",
                  "What it cost, compared", "the same injects", "What the injects changed",
                  "LLM06:2025", "AML.T0051.001"):
        assert words in text, f"{words!r} is not in the PDF"


def _follow_a_run(report):
    """The table's own column links to its stored run, replayed with what the table did."""
    compared = report.get_by_role("region", name="What it cost, compared")
    compared.get_by_role("link", name=re.compile(r"^Run \d+: ")).first.click()
    expect(report).to_have_url(re.compile(r"/runs/\d+/$"))
    expect(report.get_by_role("heading", name=re.compile("meta_internal_forum"))).to_be_visible()
    expect(report.get_by_text("replayed with people's decisions and 4 injected events")
           ).to_be_visible()
    report.go_back()
