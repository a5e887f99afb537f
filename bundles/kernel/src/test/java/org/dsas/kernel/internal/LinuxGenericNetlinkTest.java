package org.dsas.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.dsas.kernel.api.GenericNetlink;
import org.dsas.kernel.api.GenericNetlink.Channel;
import org.dsas.kernel.api.GenericNetlink.Family;
import org.dsas.kernel.api.GenericNetlink.Request;
import org.dsas.kernel.api.KernelException;
import org.dsas.kernel.api.NetlinkAttributes;
import org.junit.jupiter.api.Test;

/** Generic netlink against the build machine's own kernel: nlctrl is always there, IPVS is not (no ip_vs). */
class LinuxGenericNetlinkTest {

    private final GenericNetlink genl = new LinuxGenericNetlink();

    @Test
    void resolvesNlctrl() throws Exception {
        Family nlctrl = genl.family("nlctrl");

        assertEquals("nlctrl", nlctrl.name());
        assertEquals(GenericNetlinkCodec.GENL_ID_CTRL, nlctrl.id());
        assertTrue(nlctrl.version() >= 1, nlctrl::toString);
    }

    @Test
    void absentFamilyIsEnoentWithAClearMessage() {
        KernelException e = assertThrows(KernelException.class, () -> genl.family("IPVS"));

        assertEquals(LibC.ENOENT, e.errno());
        assertEquals("generic netlink family IPVS: not present (kernel without ip_vs?)", e.getMessage());
    }

    @Test
    void dumpListsEveryFamilyIncludingNlctrl() throws Exception {
        try (Channel channel = genl.open("nlctrl")) {
            List<String> names = new ArrayList<>();
            for (ByteBuffer payload : channel.dump("list families", GenericNetlinkCodec.CTRL_CMD_GETFAMILY,
                    new byte[0])) {
                names.add(NetlinkAttributes.parse(payload).require(GenericNetlinkCodec.CTRL_ATTR_FAMILY_NAME, "name")
                        .string());
            }
            assertTrue(names.contains("nlctrl"), names::toString);
            assertTrue(names.size() > 1, names::toString);
        }
    }

    @Test
    void batchReportsEachRequestsOutcomeAndGoesOnAfterAFailure() throws Exception {
        try (Channel channel = genl.open("nlctrl")) {
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < 600; i++) {   // more than one datagram's worth
                String name = i == 300 ? "dsasnofamily" : "nlctrl";
                requests.add(new Request("resolve " + name + " #" + i, GenericNetlinkCodec.CTRL_CMD_GETFAMILY,
                        NetlinkAttributes.writer(ByteOrder.nativeOrder())
                                .string(GenericNetlinkCodec.CTRL_ATTR_FAMILY_NAME, name).toByteArray()));
            }

            List<KernelException> outcomes = channel.requestAll(requests);

            assertEquals(600, outcomes.size());
            for (int i = 0; i < 600; i++) {
                if (i != 300) {
                    assertNull(outcomes.get(i), "request " + i);
                }
            }
            assertEquals(LibC.ENOENT, outcomes.get(300).errno());
            assertTrue(outcomes.get(300).getMessage().startsWith("resolve dsasnofamily #300: ENOENT"),
                    outcomes.get(300).getMessage());
            // the channel is still in step: a plain request after the batch gets its own answer
            assertEquals(1, channel.request("resolve nlctrl", GenericNetlinkCodec.CTRL_CMD_GETFAMILY,
                    NetlinkAttributes.writer(ByteOrder.nativeOrder())
                            .string(GenericNetlinkCodec.CTRL_ATTR_FAMILY_NAME, "nlctrl").toByteArray()).size());
        }
    }

    @Test
    void closedChannelRefusesWork() throws Exception {
        Channel channel = genl.open("nlctrl");
        channel.close();
        KernelException e = assertThrows(KernelException.class,
                () -> channel.dump("list families", GenericNetlinkCodec.CTRL_CMD_GETFAMILY, new byte[0]));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
