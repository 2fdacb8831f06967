from pysnmp.hlapi import CommunityData, SnmpEngine, UdpTransportTarget, UsmUserData, getCmd, ContextData, ObjectType, ObjectIdentity, usmHMACSHAAuthProtocol, usmAesCfb128Protocol


def poll_v1(host):
    # ruleid: PY-SNMP-INSECURE-VERSION
    auth = CommunityData("public", mpModel=0)
    return getCmd(SnmpEngine(), auth, UdpTransportTarget((host, 161)), ContextData(), ObjectType(ObjectIdentity("SNMPv2-MIB", "sysDescr", 0)))


def poll_v2c(host, community):
    # ruleid: PY-SNMP-INSECURE-VERSION
    return getCmd(SnmpEngine(), CommunityData(community, mpModel=1), UdpTransportTarget((host, 161)), ContextData(), ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")))


def poll_v3(host, user, auth_key, priv_key):
    # ok: PY-SNMP-INSECURE-VERSION
    auth = UsmUserData(user, auth_key, priv_key, authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)
    return getCmd(SnmpEngine(), auth, UdpTransportTarget((host, 161)), ContextData(), ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")))


def describe():
    # ok: PY-SNMP-INSECURE-VERSION
    return "CommunityData('public', mpModel=0) is SNMPv1"
