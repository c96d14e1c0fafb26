#!/usr/bin/python3
# Regenerates the *.user-data goldens with virt-install 4.1's own cloud-init code
# (Debian's virtinst package): python3 virt-install-reference.py (in this directory).
import sys
sys.path.insert(0, "/usr/share/virt-manager")
from virtinst import cli
from virtinst.install import cloudinit

CASES = {
    "bare": 1,
    "generate": "root-password-generate=yes",
    "password-file": "root-password-file=password.txt",
    "root-key": "root-ssh-key=root.pub",
    "keys-disable": "ssh-key=root.pub,clouduser-ssh-key=user.pub,disable=on",
    "user-key-only": "clouduser-ssh-key=user.pub",
    "everything": "root-password-generate=on,root-ssh-key=root.pub,clouduser-ssh-key=user.pub,disable=yes",
    "given": "user-data=given-user-data,meta-data=given-meta-data,network-config=given-network-config",
}
for name, opt in CASES.items():
    data = cli.parse_cloud_init(opt)
    data.generated_root_password = "GeneratedPassw0rd"
    for fn, suffix in ((cloudinit._create_userdata_content, "user-data"),
                       (cloudinit._create_metadata_content, "meta-data"),
                       (cloudinit._create_network_config_content, "network-config")):
        with open("%s.%s" % (name, suffix), "w") as f:
            f.write(fn(data))
    with open("%s.options" % name, "w") as f:
        f.write("" if opt == 1 else opt)
