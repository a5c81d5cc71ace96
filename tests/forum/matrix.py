"""Who may do what in the `world` cast (tests/forum/conftest.py): the expected permission
matrix, shared by the service-layer and the HTTP tests.

Every (principal, target) pair not listed as allowed is expected to be refused; `INVALID`
lists the refusals that are InvalidAction rather than AccessDenied.
"""

PRINCIPALS = ("alice", "bob", "dana", "nate", "eli", "rex", "mo", "olga", "helper", "sam")
ENGINEERS = {"alice", "bob", "dana", "nate", "eli", "rex", "mo"}
HUMANS = set(PRINCIPALS) - {"helper"}

SPACES = ("eng", "finance", "announce")
POSTS = ("advice", "no-advice", "finance-advice", "draft", "private", "published", "quoting",
         "hidden")
RESOURCES = ("dataset", "forecasts")

SPACE_READERS = {
    "eng": ENGINEERS | {"helper"},
    "finance": {"dana"},
    "announce": ENGINEERS,
}
# Who sees each post.
POST_READERS = {
    "advice": SPACE_READERS["eng"],
    "published": SPACE_READERS["eng"],
    "no-advice": SPACE_READERS["eng"],
    "finance-advice": SPACE_READERS["finance"],
    "draft": {"alice", "helper"},  # the human it is for, and the agent that wrote it
    "private": {"alice", "helper"},
    "quoting": SPACE_READERS["eng"],
    "hidden": set(),
}
RESOURCE_READERS = {"dataset": {"bob", "dana", "nate"}, "forecasts": {"dana"}}
RESOURCE_ADMINS = {"dataset": {"bob"}, "forecasts": {"dana"}}
# Moderators (and staff) hide any post; a resource's admins hide the posts that copy its
# records; the person an agent posted for retracts the agent's post.
HIDEABLE = ("advice", "no-advice", "finance-advice", "draft", "private", "quoting", "hidden")
MODERATORS = {"mo", "sam"}
QUOTING = ("quoting", "hidden")
AGENT_POSTS_FOR_ALICE = ("advice", "draft", "private")
HIDERS = {post: MODERATORS | (RESOURCE_ADMINS["dataset"] if post in QUOTING else set())
          | ({"alice"} if post in AGENT_POSTS_FOR_ALICE else set())
          for post in HIDEABLE}

ACTIONS = {
    # action: (targets, allowed {target: principals}, invalid {target: principals}, refused verb)
    "post_question": (SPACES, {"eng": ENGINEERS, "announce": {"dana"}, "finance": {"dana"}},
                      {space: {"helper"} for space in SPACES}, "question.refused"),
    "reply": (SPACES, {"eng": ENGINEERS, "announce": {"dana"}, "finance": {"dana"}},
              {space: {"helper"} for space in SPACES}, "post.refused"),
    "invoke_agent": (SPACES, SPACE_READERS, {}, "agent.invoke_refused"),
    "invoke_non_agent": (("eng",), {}, {"eng": set(PRINCIPALS)}, "agent.invoke_refused"),
    "agent_respond": (SPACES, {"eng": {"helper"}}, {space: HUMANS for space in SPACES},
                      "post.refused"),
    "agent_open_thread": (SPACES, {"eng": {"helper"}}, {space: HUMANS for space in SPACES},
                          "post.refused"),
    "read_thread": (SPACES, SPACE_READERS, {}, "thread.read_refused"),
    "approve_post": (("draft", "private", "published"), {"draft": {"alice"}}, {},
                     "post.approve_refused"),
    "reject_post": (("draft", "private", "published"), {"draft": {"alice"}}, {},
                    "post.reject_refused"),
    "follow_advice": (("advice", "no-advice", "finance-advice", "draft"), {"advice": {"bob"}},
                      {"no-advice": POST_READERS["no-advice"], "draft": POST_READERS["draft"]},
                      "acl.refused"),
    "change_access": (RESOURCES, RESOURCE_ADMINS, {}, "acl.refused"),
    "change_access_unknown_action": (("dataset",), {}, {"dataset": set(PRINCIPALS)},
                                     "acl.refused"),
    "read_resource": (RESOURCES, RESOURCE_READERS, {}, "resource.read_refused"),
    # hiding a post twice makes no sense: the hidden one is an InvalidAction for its hiders
    "hide_post": (HIDEABLE, {post: HIDERS[post] for post in HIDEABLE if post != "hidden"},
                  {"hidden": HIDERS["hidden"]}, "post.hide_refused"),
}


def cases():
    """(action, principal, target, expected) for every cell; expected is "ok",
    "access_denied" or "invalid_action"."""
    for action, (targets, allowed, invalid, _verb) in ACTIONS.items():
        for target in targets:
            for principal in PRINCIPALS:
                if principal in allowed.get(target, ()):
                    expected = "ok"
                elif principal in invalid.get(target, ()):
                    expected = "invalid_action"
                else:
                    expected = "access_denied"
                yield action, principal, target, expected
