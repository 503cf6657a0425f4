"""core.hooks: a lower room calls what a room above registered, without importing it."""

import pytest

from core.hooks import Hook


def test_a_hook_calls_every_registered_function_in_order_with_its_keywords():
    calls = []
    hook = Hook("something_happened")
    hook.register(lambda **kwargs: calls.append(("first", kwargs)))
    hook.register(lambda **kwargs: calls.append(("second", kwargs)))
    hook(thing=7)
    assert calls == [("first", {"thing": 7}), ("second", {"thing": 7})]


def test_registering_a_function_twice_calls_it_once():
    calls = []

    def listener(**kwargs):
        calls.append(kwargs)

    hook = Hook("something_happened")
    hook.register(listener)
    hook.register(listener)  # AppConfig.ready() may run again
    hook(thing=1)
    assert calls == [{"thing": 1}]
    assert hook.functions == (listener,)


def test_an_error_in_a_registered_function_reaches_the_caller():
    def broken(**kwargs):
        raise RuntimeError("boom")

    hook = Hook("something_happened")
    hook.register(broken)
    with pytest.raises(RuntimeError, match="boom"):
        hook(thing=1)


def test_a_hook_without_functions_does_nothing():
    Hook("nobody_listens")(thing=1)
