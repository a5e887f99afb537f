package org.dsas.core.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of {@code privileged/mounts} as the privileged helper reports it.
 *
 * @param name       the entry's name, e.g. {@code scratch}
 * @param device     what is mounted: a device path or a word such as {@code tmpfs}
 * @param mountpoint where
 * @param fstype     the file system type
 * @param mounted    whether a file system of this type is mounted there now
 * @param changed    whether the request that returned this state mounted or unmounted it (false for a status)
 */
public record MountState(String name, String device, String mountpoint, String fstype, boolean mounted,
                         boolean changed) {

    /** The entry as {@code dsas:mounts --json}, {@code dsas:mount --json} and {@code dsas:umount --json} print it. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("mounted", mounted);
        m.put("changed", changed);
        m.put("device", device);
        m.put("mountpoint", mountpoint);
        m.put("fstype", fstype);
        return m;
    }
}
