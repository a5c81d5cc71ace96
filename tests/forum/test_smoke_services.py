from forum import permissions, services
from forum.models import Event


def test_the_reference_chain_runs_through_the_door(org):
    invoke = services.invoke_agent(org.bob, org.agent, org.question)
    advice = services.AdviceSpec("grant", org.dataset, "grant all-engineers read", False,
                                 group=org.engineers)
    post = services.agent_respond(org.agent, org.question, invoker=org.bob, body="Do it",
                                  advice=advice, cause=invoke)
    assert post.status == "published"
    grant = services.follow_advice(org.bob, post)
    assert permissions.can_read_resource(org.alice, org.dataset)
    assert set(permissions.exposed_readers(org.dataset).values_list("username", flat=True)) == {"alice"}
    services.read_resource(org.alice, org.dataset)
    assert Event.objects.last().verb == "resource.read"
    assert grant.created_by_event.payload["advice"] == post.key
