package org.dsas.core.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The privileged helper seen from the appliance: the few operations that need more than the appliance user's
 * capabilities (CAP_NET_ADMIN, CAP_NET_RAW, CAP_NET_BIND_SERVICE), run by {@code bin/dsas-privhelper} as root
 * on the entries of the root-owned {@code privileged/mounts} only. Every failure is a
 * {@link PrivilegedHelperException} whose message is one line for the operator.
 */
public interface PrivilegedHelper {

    /** What a mount's name looks like (the first word of its line in {@code privileged/mounts}). */
    Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /**
     * One line, without blocking: {@code reachable (<dir>)}, or why mounting is unavailable (absent, refused its
     * configuration, exited, not answering).
     */
    String state();

    /** True when {@link #state()} is something the operator must act on (the helper refused, exited or hangs). */
    boolean alarmed();

    /** Every mount of {@code privileged/mounts}, in file order, with whether it is mounted now. */
    List<MountState> mounts() throws PrivilegedHelperException;

    MountState status(String name) throws PrivilegedHelperException;

    /** Mounts the entry; {@link MountState#changed()} is false when it was mounted already. */
    MountState mount(String name) throws PrivilegedHelperException;

    /** Unmounts the entry; {@link MountState#changed()} is false when it was not mounted. */
    MountState unmount(String name) throws PrivilegedHelperException;
}
