package org.dsas.core.command;

import static org.dsas.core.shell.ShellConsole.json;
import static org.dsas.core.shell.ShellConsole.linesPrintedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.Json;
import org.dsas.core.api.MountState;
import org.dsas.core.api.PrivilegedHelper;
import org.dsas.core.api.PrivilegedHelperException;
import org.junit.jupiter.api.Test;

class MountCommandsTest {

    private static final MountState SCRATCH = new MountState("scratch", "tmpfs", "/srv/dsas/scratch", "tmpfs", true,
            false);
    private static final MountState DATA = new MountState("data", "/dev/drbd0", "/srv/dsas/data", "ext4", false, false);

    /** A helper that answers from a script: the states to return, or the error to throw. */
    static final class ScriptedHelper implements PrivilegedHelper {
        final List<String> calls = new ArrayList<>();
        List<MountState> mounts = List.of(SCRATCH, DATA);
        MountState next;
        String error;

        private MountState answer(String call) throws PrivilegedHelperException {
            calls.add(call);
            if (error != null) {
                throw new PrivilegedHelperException(error);
            }
            return next;
        }

        @Override
        public String state() {
            return "reachable (/opt/dsas/privileged)";
        }

        @Override
        public boolean alarmed() {
            return false;
        }

        @Override
        public List<MountState> mounts() throws PrivilegedHelperException {
            calls.add("mounts");
            if (error != null) {
                throw new PrivilegedHelperException(error);
            }
            return mounts;
        }

        @Override
        public MountState status(String name) throws PrivilegedHelperException {
            return answer("status " + name);
        }

        @Override
        public MountState mount(String name) throws PrivilegedHelperException {
            return answer("mount " + name);
        }

        @Override
        public MountState unmount(String name) throws PrivilegedHelperException {
            return answer("umount " + name);
        }
    }

    private static Mounts mounts(ScriptedHelper helper) {
        Mounts m = new Mounts();
        m.helper = helper;
        return m;
    }

    private static <T extends MountChange> T change(T command, ScriptedHelper helper, String name) {
        command.helper = helper;
        command.name = name;
        return command;
    }

    @Test
    void mountsIsATableOfEveryEntryAndItsState() throws Exception {
        assertEquals(List.of(
                "NAME     STATE      MOUNTPOINT         TYPE   DEVICE",
                "scratch  mounted    /srv/dsas/scratch  tmpfs  tmpfs",
                "data     unmounted  /srv/dsas/data     ext4   /dev/drbd0"),
                linesPrintedBy(mounts(new ScriptedHelper())::execute));
    }

    @Test
    void mountsWithoutEntriesSaysSo() throws Exception {
        ScriptedHelper helper = new ScriptedHelper();
        helper.mounts = List.of();

        assertEquals(List.of("no mounts configured (privileged/mounts)"), linesPrintedBy(mounts(helper)::execute));
        assertEquals(List.of("[]"), linesPrintedBy(json(mounts(helper))::execute));
    }

    @Test
    void mountsJsonIsEachEntrysOneForm() throws Exception {
        List<String> lines = linesPrintedBy(json(mounts(new ScriptedHelper()))::execute);

        assertEquals(1, lines.size(), lines.toString());
        assertEquals(List.of(SCRATCH.toMap(), DATA.toMap()), Json.parse(lines.get(0)));
        assertTrue(lines.get(0).startsWith("[{\"name\":\"scratch\",\"mounted\":true,\"changed\":false,"
                + "\"device\":\"tmpfs\",\"mountpoint\":\"/srv/dsas/scratch\",\"fstype\":\"tmpfs\"},"), lines.get(0));
    }

    @Test
    void mountAndUmountSayWhatTheyDidInOneLine() throws Exception {
        ScriptedHelper helper = new ScriptedHelper();
        helper.next = new MountState("scratch", "tmpfs", "/srv/dsas/scratch", "tmpfs", true, true);
        assertEquals(List.of("mounted scratch: tmpfs on /srv/dsas/scratch (tmpfs)"),
                linesPrintedBy(change(new Mount(), helper, "scratch")::execute));

        helper.next = new MountState("scratch", "tmpfs", "/srv/dsas/scratch", "tmpfs", true, false);
        assertEquals(List.of("scratch was already mounted: tmpfs on /srv/dsas/scratch (tmpfs)"),
                linesPrintedBy(change(new Mount(), helper, "scratch")::execute));

        helper.next = new MountState("scratch", "tmpfs", "/srv/dsas/scratch", "tmpfs", false, true);
        assertEquals(List.of("unmounted scratch: tmpfs on /srv/dsas/scratch (tmpfs)"),
                linesPrintedBy(change(new Umount(), helper, "scratch")::execute));

        helper.next = new MountState("scratch", "tmpfs", "/srv/dsas/scratch", "tmpfs", false, false);
        assertEquals(List.of("scratch was not mounted: tmpfs on /srv/dsas/scratch (tmpfs)"),
                linesPrintedBy(change(new Umount(), helper, "scratch")::execute));

        List<String> lines = linesPrintedBy(json(change(new Umount(), helper, "scratch"))::execute);
        assertEquals(List.of(Json.write(helper.next.toMap())), lines);
        assertEquals(Map.of("name", "scratch", "mounted", false, "changed", false, "device", "tmpfs",
                "mountpoint", "/srv/dsas/scratch", "fstype", "tmpfs"), Json.parse(lines.get(0)));
        assertEquals(List.of("mount scratch", "mount scratch", "umount scratch", "umount scratch", "umount scratch"),
                helper.calls);
    }

    @Test
    void theHelpersRefusalIsTheCommandsOneLineError() throws Exception {
        ScriptedHelper helper = new ScriptedHelper();
        helper.error = "no mount named 'nosuch' in /opt/dsas/privileged/mounts (read when the helper started)";

        IllegalArgumentException mount = assertThrows(IllegalArgumentException.class,
                () -> linesPrintedBy(change(new Mount(), helper, "nosuch")::execute));
        assertEquals(helper.error, mount.getMessage());
        IllegalArgumentException umount = assertThrows(IllegalArgumentException.class,
                () -> linesPrintedBy(change(new Umount(), helper, "nosuch")::execute));
        assertEquals(helper.error, umount.getMessage());

        helper.error = "privileged helper absent (the appliance was not started by bin/dsas-run as root): mount "
                + "unavailable";
        IllegalArgumentException list = assertThrows(IllegalArgumentException.class,
                () -> linesPrintedBy(mounts(helper)::execute));
        assertEquals(helper.error, list.getMessage());
    }
}
