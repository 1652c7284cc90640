package dev.sagebox.docker;

import java.util.List;

/**
 * The hardening every container Sagebox starts gets, in one place. SageMaker containers run as root by contract and
 * install, chown and switch users at start (nginx and gunicorn workers drop to an unprivileged user, Jupyter runs as
 * one), so they keep the few capabilities that needs; everything else Docker grants by default is dropped: MKNOD (a
 * training container made a block device for the host's disk inside SAGEBOX_HOME), NET_RAW (raw sockets, ARP and ICMP
 * spoofing on the bridge), SETFCAP, SETPCAP, SYS_CHROOT, AUDIT_WRITE and FSETID.
 */
public final class ContainerSecurity {
    /**
     * Added back after {@code cap-drop ALL}: CHOWN, DAC_OVERRIDE and FOWNER for root writing into the bind-mounted
     * {@code /opt/ml} that belongs to Sagebox's user and for images that chown at start; SETUID and SETGID for servers
     * that drop to a worker user; KILL for supervisors (tini, gunicorn, nginx) signalling children of another user;
     * NET_BIND_SERVICE for servers that bind a port below 1024 inside the container.
     */
    public static final List<String> CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETUID", "SETGID",
            "KILL", "NET_BIND_SERVICE");
    /** Processes and threads one container may have: ample for data loaders and server workers, not for a fork bomb. */
    public static final long PIDS_LIMIT = 4096;
    /** Docker's security option that keeps setuid binaries and file capabilities from raising privileges. */
    public static final String NO_NEW_PRIVILEGES = "no-new-privileges";
    /** The network mode of a container without any network: only loopback. */
    public static final String NO_NETWORK = "none";

    private ContainerSecurity() {
    }
}
