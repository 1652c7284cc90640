"""Makes boto3 honour AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL on botocore releases older than 1.31.

Loaded at interpreter start by sagebox_endpoints.pth. It costs nothing until botocore.session is imported: only then
is Session.create_client wrapped so that a client created without endpoint_url gets the one from the environment,
as newer botocore releases do by themselves.
"""
import importlib.abc
import importlib.util
import os
import sys

_MODULE = "botocore.session"


def _endpoint_from_environment(service_name):
    specific = "AWS_ENDPOINT_URL_" + service_name.upper().replace("-", "_").replace(" ", "_")
    return os.environ.get(specific) or os.environ.get("AWS_ENDPOINT_URL")


def _patch(session_module):
    import botocore

    version = tuple(int(p) for p in botocore.__version__.split(".")[:2] if p.isdigit())
    if version >= (1, 31):
        return
    original = session_module.Session.create_client

    def create_client(self, service_name, *args, **kwargs):
        # endpoint_url is the fifth parameter after service_name.
        if len(args) < 5 and kwargs.get("endpoint_url") is None:
            endpoint = _endpoint_from_environment(service_name)
            if endpoint:
                kwargs["endpoint_url"] = endpoint
        return original(self, service_name, *args, **kwargs)

    session_module.Session.create_client = create_client


class _Loader(importlib.abc.Loader):
    def __init__(self, wrapped):
        self._wrapped = wrapped

    def create_module(self, spec):
        return self._wrapped.create_module(spec)

    def exec_module(self, module):
        self._wrapped.exec_module(module)
        _patch(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname != _MODULE:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _Loader(spec.loader)
        return spec


if any(k == "AWS_ENDPOINT_URL" or k.startswith("AWS_ENDPOINT_URL_") for k in os.environ):
    sys.meta_path.insert(0, _Finder())
