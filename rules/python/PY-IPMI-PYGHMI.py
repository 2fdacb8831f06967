import json

# ruleid: PY-IPMI-PYGHMI
from pyghmi.ipmi import command
# ruleid: PY-IPMI-PYGHMI
import pyghmi.exceptions as pyghmi_exc
# ok: PY-IPMI-PYGHMI
import redfish
# ok: PY-IPMI-PYGHMI
import sushy


def power_cycle(bmc, user, password):
    try:
        ipmi = command.Command(bmc=bmc, userid=user, password=password)
        return ipmi.set_power("reset")
    except pyghmi_exc.IpmiException as exc:
        return json.dumps({"error": str(exc)})


def power_cycle_redfish(bmc, user, password):
    client = redfish.redfish_client(base_url=f"https://{bmc}", username=user, password=password)
    client.login(auth="session")
    # ok: PY-IPMI-PYGHMI
    return client.post("/redfish/v1/Systems/1/Actions/ComputerSystem.Reset", body={"ResetType": "ForceRestart"})


def sushy_client(bmc, user, password):
    # ok: PY-IPMI-PYGHMI
    return sushy.Sushy(f"https://{bmc}/redfish/v1", username=user, password=password, verify=True)
