import os

from flask import request
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from saml2.config import SPConfig

SAML_SP = {"entityId": "https://intranet.corp.example/sso/saml/metadata",
           "assertionConsumerService": {"url": "https://intranet.corp.example/sso/saml/acs"}}
SAML_IDP = {"entityId": "https://vendor-idp.example/saml", "x509cert": os.environ.get("SAML_IDP_CERT", "")}


def _saml_request():
    return {"https": "on", "http_host": request.host, "script_name": request.path,
            "get_data": request.args.copy(), "post_data": request.form.copy()}


def saml_acs():
    # ruleid: PY-SAML-INSECURE
    settings = {"strict": False, "debug": True, "sp": SAML_SP, "idp": SAML_IDP}
    auth = OneLogin_Saml2_Auth(_saml_request(), settings)
    auth.process_response()
    return auth.get_nameid()


def saml_acs_v2():
    # ok: PY-SAML-INSECURE
    settings = {"strict": True, "debug": False, "sp": SAML_SP, "idp": SAML_IDP, "security": {"wantAssertionsSigned": True}}
    auth = OneLogin_Saml2_Auth(_saml_request(), settings)
    auth.process_response()
    return auth.get_nameid()


def saml_acs_from_file(base_settings):
    settings = dict(base_settings)
    # ruleid: PY-SAML-INSECURE
    settings["strict"] = False
    return OneLogin_Saml2_Auth(_saml_request(), settings)


# python3-saml still requires a valid signature on the response or the assertion.
# ok: PY-SAML-INSECURE
SAML_SECURITY = {"wantAssertionsSigned": False, "wantMessagesSigned": False, "authnRequestsSigned": True}

# Not SAML settings at all.
# ok: PY-SAML-INSECURE
JSON_OPTIONS = {"strict": False, "indent": 2}

SP_CONFIG = SPConfig().load({
    "entityid": "https://intranet.corp.example/saml2/metadata/",
    "service": {
        "sp": {
            "endpoints": {"assertion_consumer_service": [("https://intranet.corp.example/saml2/acs/", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")]},
            "want_assertions_signed": False,
            # ruleid: PY-SAML-INSECURE
            "want_response_signed": False,
        },
    },
})

SP_CONFIG_LEGACY = {
    "sp": {
        "allow_unsolicited": True,
        # want_assertions_signed defaults to False: nothing requires a signature any more.
        # ruleid: PY-SAML-INSECURE
        "want_response_signed": False,
    },
}

SP_CONFIG_SIGNED_ASSERTIONS = {
    "sp": {
        # ok: PY-SAML-INSECURE
        "want_response_signed": False,
        "want_assertions_signed": True,
    },
}

SP_CONFIG_SIGNED_RESPONSE = {
    "sp": {
        # The response itself must be signed: still verified.
        # ok: PY-SAML-INSECURE
        "want_assertions_signed": False,
        "want_response_signed": True,
    },
}

# django-saml2-auth passes these through to pysaml2.
SAML2_AUTH = {
    "METADATA_AUTO_CONF_URL": "https://idp.corp.example/metadata.xml",
    "WANT_ASSERTIONS_SIGNED": False,
    # ruleid: PY-SAML-INSECURE
    "WANT_RESPONSE_SIGNED": False,
}

SAML2_AUTH_SIGNED = {
    "METADATA_AUTO_CONF_URL": "https://idp.corp.example/metadata.xml",
    # The assertions must still be signed (the default).
    # ok: PY-SAML-INSECURE
    "WANT_RESPONSE_SIGNED": False,
}
