"""factory-boy factories. Each builds through forum.services, so tests get the same
objects, checks and events that the engine and the views get."""

import factory
from faker import Faker

from forum import services
from forum.models import Group, Principal, Resource, Space, Thread

fake = Faker()
Faker.seed(1234)


class ServiceFactory(factory.Factory):
    """A factory whose _create goes through the service layer instead of Model.save()."""

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise TypeError("forum objects are only created through forum.services; use create()")


class GroupFactory(ServiceFactory):
    class Meta:
        model = Group

    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())

    @classmethod
    def _create(cls, model_class, slug, name):
        return services.create_group(slug, name)


class PrincipalFactory(ServiceFactory):
    class Meta:
        model = Principal

    username = factory.Sequence(lambda n: f"{fake.first_name().lower()}{n}")
    kind = Principal.Kind.EMPLOYEE
    role = "engineer"
    display_name = factory.LazyFunction(fake.name)
    groups = ()
    password = None

    @classmethod
    def _create(cls, model_class, username, groups, **kwargs):
        return services.create_principal(username, groups=groups, **kwargs)


class AgentFactory(PrincipalFactory):
    username = factory.Sequence(lambda n: f"agent-{n}")
    kind = Principal.Kind.AGENT
    role = "assistant"
    display_name = factory.Sequence(lambda n: f"Analysis Agent {n}")


class SpaceFactory(ServiceFactory):
    class Meta:
        model = Space

    slug = factory.Sequence(lambda n: f"space-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.title())
    readers = ()
    posters = ()

    @classmethod
    def _create(cls, model_class, slug, name, readers, posters):
        return services.create_space(slug, name, readers=readers, posters=posters)


def synthetic_user_record() -> dict:
    """A made-up user row; ids are unique across resources, so a row names one resource."""
    return {
        "user_id": fake.unique.random_int(100000, 999999),
        "name": fake.name(),
        "email": fake.email(domain="example.test"),
        "country": fake.country_code(),
        "sessions_last_30d": fake.random_int(0, 90),
    }


class ResourceFactory(ServiceFactory):
    class Meta:
        model = Resource

    slug = factory.Sequence(lambda n: f"dataset-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    classification = Resource.Classification.RESTRICTED
    record_count = 1000
    intended_groups = ()
    intended_principals = ()
    records = factory.LazyFunction(lambda: [synthetic_user_record() for _ in range(5)])

    @classmethod
    def _create(cls, model_class, slug, name, **kwargs):
        return services.create_resource(slug, name, **kwargs)


class QuestionFactory(ServiceFactory):
    class Meta:
        model = Thread

    author = None
    space = None
    title = factory.LazyFunction(lambda: fake.sentence(nb_words=6).rstrip(".") + "?")
    body = factory.LazyFunction(fake.paragraph)

    @classmethod
    def _create(cls, model_class, author, space, title, body):
        return services.post_question(author, space, title=title, body=body)
