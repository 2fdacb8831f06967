from pysnmp.hlapi import SnmpEngine, UdpTransportTarget, UsmUserData, getCmd, ContextData, ObjectType, ObjectIdentity, usmHMACSHAAuthProtocol, usmAesCfb128Protocol


def no_auth_no_priv(host):
    # ruleid: PY-SNMP-WEAK-CRYPTO
    user = UsmUserData("monitor")
    return getCmd(SnmpEngine(), user, UdpTransportTarget((host, 161)), ContextData(), ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")))


def auth_no_priv(host, auth_key):
    # ruleid: PY-SNMP-WEAK-CRYPTO
    user = UsmUserData("monitor", auth_key)
    return getCmd(SnmpEngine(), user, UdpTransportTarget((host, 161)), ContextData(), ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")))


def auth_priv(host, auth_key, priv_key):
    # ok: PY-SNMP-WEAK-CRYPTO
    user = UsmUserData("monitor", auth_key, priv_key, authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)
    return getCmd(SnmpEngine(), user, UdpTransportTarget((host, 161)), ContextData(), ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")))


def auth_priv_defaults(host):
    # ok: PY-SNMP-WEAK-CRYPTO
    user = UsmUserData("monitor", "authpass123", "privpass123")
    return getCmd(SnmpEngine(), user, UdpTransportTarget((host, 161)), ContextData(), ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")))
