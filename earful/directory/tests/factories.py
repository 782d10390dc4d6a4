from __future__ import annotations

from typing import Any

import factory

from earful.directory import services
from earful.directory.models import Customer, Employee, Unit

PASSWORD = "correct horse battery staple"


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    external_id = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = "office"
    parent = None

    @classmethod
    def _create(cls, model_class: type[Unit], *args: Any, **kwargs: Any) -> Unit:
        return services.unit_create(actor=None, **kwargs)


class EmployeeFactory(factory.django.DjangoModelFactory[Employee]):
    class Meta:
        model = Employee

    username = factory.Sequence(lambda n: f"employee{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    external_id = factory.LazyAttribute(lambda o: f"E-{o.username}")

    @classmethod
    def _create(cls, model_class: type[Employee], *args: Any, **kwargs: Any) -> Employee:
        return services.employee_create(actor=None, password=PASSWORD, **kwargs)


class CustomerFactory(factory.django.DjangoModelFactory[Customer]):
    class Meta:
        model = Customer

    external_id = factory.Sequence(lambda n: f"C{n:06d}")
    name = factory.Sequence(lambda n: f"Customer {n}")
    email = factory.Sequence(lambda n: f"customer{n}@example.org")
    segment = "SME"
    unit = factory.SubFactory(UnitFactory)

    @classmethod
    def _create(cls, model_class: type[Customer], *args: Any, **kwargs: Any) -> Customer:
        return services.customer_create(actor=None, **kwargs)
