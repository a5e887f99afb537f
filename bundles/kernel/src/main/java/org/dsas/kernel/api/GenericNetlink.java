package org.dsas.kernel.api;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Generic netlink (NETLINK_GENERIC): families resolved by name through the
 * kernel's nlctrl, and exchanges with a family over a {@link Channel} that
 * keeps one socket open. Payloads handed in and out are the attributes after
 * the genlmsghdr, in host byte order, as {@link NetlinkAttributes} writes and
 * parses them. Works in the network namespace of the thread that opens it.
 */
public interface GenericNetlink {

    /** What nlctrl says of a family: its message type (id), version and highest attribute. */
    record Family(String name, int id, int version, int maxAttribute) {
    }

    /** One request of a batch: the operation names it in errors ("add service TCP 10.0.0.1:80"). */
    record Request(String operation, int command, byte[] attributes) {
    }

    /**
     * Resolves a family (CTRL_CMD_GETFAMILY). An absent family fails with errno ENOENT and a message
     * such as "generic netlink family IPVS: not present (kernel without ip_vs?)".
     */
    Family family(String name) throws KernelException;

    /** Resolves the family and opens a socket for it; the caller closes the channel. */
    Channel open(String family) throws KernelException;

    /**
     * One socket to one family. Exchanges are serialized; a reply is matched to its request by
     * sequence number, so replies to an abandoned exchange are never taken for another's.
     */
    interface Channel extends AutoCloseable {

        Family family();

        /** Sends one command with NLM_F_ACK; returns the payloads of the replies before the ack. */
        List<ByteBuffer> request(String operation, int command, byte[] attributes) throws KernelException;

        /** Runs a dump (NLM_F_DUMP), again when the kernel flags it interrupted; returns every reply's payload. */
        List<ByteBuffer> dump(String operation, int command, byte[] attributes) throws KernelException;

        /**
         * Sends many commands, several per datagram, each acknowledged, in order. The kernel goes on
         * after a failed one; the result has one entry per request: null when it succeeded, else the
         * failure naming its operation. Throws only when the exchange itself fails.
         */
        List<KernelException> requestAll(List<Request> requests) throws KernelException;

        @Override
        void close();
    }
}
