package dev.sagebox.docker;

/**
 * How a bridge network Sagebox creates is closed off.
 *
 * @param internal no route out of the network: its containers reach each other and this host's address on the
 *     network, nothing beyond (Docker's {@code --internal})
 * @param interContainerTraffic whether containers on the network may reach each other ({@code enable_icc}); the host
 *     reaches them either way
 */
public record NetworkOptions(boolean internal, boolean interContainerTraffic) {
    /** An ordinary user-defined bridge: containers resolve and reach each other and the outside. */
    public static final NetworkOptions OPEN = new NetworkOptions(false, true);
}
