package org.dsas.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dsas.vrrp.api.VrrpState;
import org.dsas.vrrp.codec.VrrpCodec;
import org.dsas.vrrp.codec.VrrpPacket;
import org.junit.jupiter.api.Test;

class VrrpInstanceTest {

    private static final InetAddress SELF = ip("192.0.2.1");
    private static final InetAddress LOWER = ip("192.0.2.0");
    private static final InetAddress HIGHER = ip("192.0.2.2");
    private static final InetAddress VIP = ip("192.0.2.100");

    private final ManualTimers timers = new ManualTimers();
    private final RecordingActions actions = new RecordingActions();

    private VrrpInstance instance(Map<String, String> overrides) throws Exception {
        Map<String, Object> props = new HashMap<>(Map.of("name", "VI_1", "interface", "eth0", "vrid", "51",
                "priority", "100", "virtualAddresses", "192.0.2.100/24"));
        props.putAll(overrides);
        VrrpInstance i = new VrrpInstance(VrrpConfigParser.parse(props), SELF, timers, actions);
        i.start();
        return i;
    }

    private static VrrpPacket advert(int version, int priority, int interval) {
        byte[] auth = version == 2 ? VrrpCodec.authData("") : new byte[0];
        return new VrrpPacket(version, 51, priority, interval, 0, auth, List.of(VIP), 0);
    }

    private String lastTransition() {
        return actions.log.stream().filter(l -> l.contains("->")).reduce((x, y) -> y).orElse("none");
    }

    @Test
    void backupTakesOverWhenNoMasterSpeaksForTheMasterDownInterval() throws Exception {
        VrrpInstance i = instance(Map.of());
        assertEquals(VrrpState.BACKUP, i.state());
        // 3 x 1000 + (256 - 100) x 1000 / 256 = 3609 ms
        assertEquals(3609, i.masterDownMillis());
        timers.advance(3608);
        assertEquals(VrrpState.BACKUP, i.state());
        timers.advance(1);
        assertEquals(VrrpState.MASTER, i.state());
        assertTrue(actions.addressesHeld);
        assertEquals(100, actions.lastAdvert());
        timers.advance(1000);
        assertEquals(2, actions.adverts.size(), "a master advertises every interval");
    }

    @Test
    void backupStaysWhileAHigherMasterAdvertises() throws Exception {
        VrrpInstance i = instance(Map.of());
        for (int t = 0; t < 10; t++) {
            timers.advance(1000);
            i.receive(advert(2, 150, 1), HIGHER, 255);
        }
        assertEquals(VrrpState.BACKUP, i.state());
        assertEquals("192.0.2.2", i.masterAddress().getHostAddress());
        assertEquals(150, i.peers().get("192.0.2.2"));
        assertTrue(actions.adverts.isEmpty());
    }

    @Test
    void higherPriorityBackupPreemptsALowerMaster() throws Exception {
        VrrpInstance i = instance(Map.of("priority", "150"));
        for (int t = 0; t < 5; t++) {
            timers.advance(1000);
            i.receive(advert(2, 100, 1), LOWER, 255);
        }
        assertEquals(VrrpState.MASTER, i.state(), "preempt: lower adverts are ignored and the timer runs out");
        assertEquals("BACKUP->MASTER: preempted master 192.0.2.0 (priority 100 < 150)", lastTransition());
    }

    @Test
    void aMasterBackFromFaultNamesTheMasterItPreemptsNotItself() throws Exception {
        VrrpInstance i = instance(Map.of("priority", "150"));
        timers.advance(4000);
        assertEquals(VrrpState.MASTER, i.state());
        i.setFault("quorum lost on tcp:192.0.2.10:80");
        i.setFault(null);
        for (int t = 0; t < 5; t++) {
            timers.advance(1000);
            i.receive(advert(2, 100, 1), LOWER, 255);
        }
        assertEquals(VrrpState.MASTER, i.state());
        assertEquals("BACKUP->MASTER: preempted master 192.0.2.0 (priority 100 < 150)", lastTransition());
    }

    @Test
    void aBackupThatHearsNobodyAfterItsOwnMastershipSaysSo() throws Exception {
        VrrpInstance i = instance(Map.of("priority", "150"));
        timers.advance(4000);
        i.setFault("interface eth0 is down");
        i.setFault(null);
        timers.advance(4000);
        assertEquals("BACKUP->MASTER: no master seen for 3414 ms", lastTransition());
    }

    @Test
    void withoutPreemptALowerMasterIsAccepted() throws Exception {
        VrrpInstance i = instance(Map.of("priority", "150", "preempt", "false"));
        for (int t = 0; t < 10; t++) {
            timers.advance(1000);
            i.receive(advert(2, 100, 1), LOWER, 255);
        }
        assertEquals(VrrpState.BACKUP, i.state());
    }

    @Test
    void preemptDelayHoldsPreemptionAfterStartup() throws Exception {
        VrrpInstance i = instance(Map.of("priority", "150", "preemptDelay", "5"));
        for (int t = 0; t < 4; t++) {
            timers.advance(1000);
            i.receive(advert(2, 100, 1), LOWER, 255);
        }
        assertEquals(VrrpState.BACKUP, i.state(), "inside the preempt delay the lower master is accepted");
        for (int t = 0; t < 5; t++) {
            timers.advance(1000);
            i.receive(advert(2, 100, 1), LOWER, 255);
        }
        assertEquals(VrrpState.MASTER, i.state(), "after the delay it preempts");
    }

    @Test
    void masterStepsDownForHigherPriorityOrEqualPriorityFromHigherAddress() throws Exception {
        VrrpInstance i = instance(Map.of());
        timers.advance(4000);
        assertEquals(VrrpState.MASTER, i.state());
        i.receive(advert(2, 100, 1), LOWER, 255);
        assertEquals(VrrpState.MASTER, i.state(), "equal priority from a lower address: stay");
        i.receive(advert(2, 100, 1), HIGHER, 255);
        assertEquals(VrrpState.BACKUP, i.state(), "equal priority from a higher address: step down");
        assertFalse(actions.addressesHeld);
        timers.advance(4000);
        i.receive(advert(2, 200, 1), HIGHER, 255);
        assertEquals(VrrpState.BACKUP, i.state());
        assertTrue(actions.log.stream().anyMatch(l -> l.startsWith("MASTER->BACKUP: higher priority 200 > 100")),
                actions.log.toString());
    }

    @Test
    void priorityZeroFromTheMasterMeansTakeOverAfterSkewTime() throws Exception {
        VrrpInstance i = instance(Map.of());
        timers.advance(1000);
        i.receive(advert(2, 150, 1), HIGHER, 255);
        i.receive(advert(2, 0, 1), HIGHER, 255);
        timers.advance(608);
        assertEquals(VrrpState.BACKUP, i.state());
        timers.advance(1);
        assertEquals(VrrpState.MASTER, i.state(), "skew time (256-100)/256 s = 609 ms");
        assertTrue(actions.log.contains("BACKUP->MASTER: master 192.0.2.2 left (priority 0); took over after the skew time 609 ms"),
                actions.log.toString());
    }

    @Test
    void stoppingAMasterSendsPriorityZeroAndReleasesTheAddresses() throws Exception {
        VrrpInstance i = instance(Map.of());
        timers.advance(4000);
        i.stop();
        assertEquals(0, actions.lastAdvert());
        assertFalse(actions.addressesHeld);
        assertEquals(VrrpState.INIT, i.state());
    }

    @Test
    void advertsKeepalivedDropsAreDroppedAndCounted() throws Exception {
        VrrpInstance i = instance(Map.of("authPass", "secret"));
        VrrpPacket noAuth = advert(2, 150, 1);
        i.receive(noAuth, HIGHER, 255);
        VrrpPacket good = new VrrpPacket(2, 51, 150, 1, 1, VrrpCodec.authData("secret"), List.of(VIP), 0);
        i.receive(good, HIGHER, 254);
        i.receive(new VrrpPacket(2, 51, 150, 2, 1, VrrpCodec.authData("secret"), List.of(VIP), 0), HIGHER, 255);
        i.receive(new VrrpPacket(2, 51, 150, 1, 1, VrrpCodec.authData("secret"), List.of(ip("192.0.2.99")), 0),
                HIGHER, 255);
        i.receive(good, SELF, 255);
        i.receive(advert(3, 150, 100), HIGHER, 255);
        Map<String, Long> c = i.counters();
        assertEquals(1L, c.get("dropsAuthMismatch"));
        assertEquals(1L, c.get("dropsBadTtl"));
        assertEquals(1L, c.get("dropsIntervalMismatch"));
        assertEquals(1L, c.get("dropsAddressMismatch"));
        assertEquals(1L, c.get("dropsOwnPacket"));
        assertEquals(1L, c.get("dropsVersionMismatch"));
        assertTrue(i.peers().isEmpty(), "dropped adverts teach nothing");
        i.receive(good, HIGHER, 255);
        assertEquals(150, i.peers().get("192.0.2.2"));
    }

    @Test
    void twoMastersForLongerThanThreeIntervalsRaiseSplitBrainAndItClearsAfterwards() throws Exception {
        VrrpInstance i = instance(Map.of("priority", "150"));
        timers.advance(4000);
        assertEquals(VrrpState.MASTER, i.state());
        for (int t = 0; t < 4; t++) {
            i.receive(advert(2, 100, 1), LOWER, 255);
            timers.advance(1000);
        }
        assertTrue(i.splitBrain());
        assertEquals(Boolean.TRUE, actions.splitBrain);
        timers.advance(5000);
        assertFalse(i.splitBrain());
        assertEquals(Boolean.FALSE, actions.splitBrain);
    }

    @Test
    void aMasterThatHearsALowerMasterAnnouncesItsAddressesAgainOncePerEpisode() throws Exception {
        // A master frozen (SIGSTOP) or cut off resumes: the backup has taken the addresses and moved the
        // neighbours' ARP caches with its gratuitous ARPs. The resumed master must pull them back.
        VrrpInstance i = instance(Map.of("priority", "150"));
        timers.advance(4000);
        assertEquals(VrrpState.MASTER, i.state());
        actions.log.clear();
        i.receive(advert(2, 100, 1), LOWER, 255);
        assertEquals(List.of("announce"), actions.log);
        i.receive(advert(2, 100, 1), LOWER, 255);
        assertEquals(List.of("announce"), actions.log, "one burst per episode, not one per advert");
        timers.advance(5000); // the other master went quiet: the episode ends
        i.receive(advert(2, 100, 1), LOWER, 255);
        assertEquals(List.of("announce", "announce"), actions.log);
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void maintenanceHandsOverAtOnceAndNeverPreempts() throws Exception {
        VrrpInstance i = instance(Map.of("priority", "150"));
        timers.advance(4000);
        i.setMaintenance(true);
        assertEquals(0, actions.lastAdvert());
        assertEquals(VrrpState.BACKUP, i.state());
        assertEquals(1, i.effectivePriority());
        for (int t = 0; t < 5; t++) {
            timers.advance(1000);
            i.receive(advert(2, 100, 1), LOWER, 255);
        }
        assertEquals(VrrpState.BACKUP, i.state());
        i.setMaintenance(false);
        timers.advance(5000);
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void aVetoKeepsTheInstanceBackup() throws Exception {
        actions.vetoReason = "drbd r0 is not UpToDate";
        VrrpInstance i = instance(Map.of());
        timers.advance(10_000);
        assertEquals(VrrpState.BACKUP, i.state());
        assertTrue(i.counters().get("vetoed") >= 2);
        actions.vetoReason = null;
        timers.advance(4000);
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void faultReleasesAndRecoveryReturnsToBackup() throws Exception {
        VrrpInstance i = instance(Map.of());
        timers.advance(4000);
        i.setFault("interface eth1 is down");
        assertEquals(VrrpState.FAULT, i.state());
        assertEquals(0, actions.lastAdvert());
        assertFalse(actions.addressesHeld);
        timers.advance(10_000);
        assertEquals(VrrpState.FAULT, i.state(), "no timers run in FAULT");
        i.setFault(null);
        assertEquals(VrrpState.BACKUP, i.state());
    }

    @Test
    void v3BackupLearnsTheMastersIntervalAndFailsOverInUnderASecond() throws Exception {
        VrrpInstance i = instance(Map.of("version", "3", "advertInterval", "0.1"));
        assertEquals(100, i.config().advertMillis());
        timers.advance(100);
        i.receive(advert(3, 150, 10), HIGHER, 255);
        // 3 x 100 + (256-100) x 100 / 256 = 360 ms
        assertEquals(360, i.masterDownMillis());
        timers.advance(359);
        assertEquals(VrrpState.BACKUP, i.state());
        timers.advance(1);
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void theAddressOwnerIsMasterAtOnce() throws Exception {
        VrrpInstance i = instance(Map.of("priority", "255"));
        assertEquals(VrrpState.MASTER, i.state());
        assertThrows(IllegalArgumentException.class, () -> i.setPriority(200));
    }

    @Test
    void priorityChangesApplyLive() throws Exception {
        VrrpInstance i = instance(Map.of());
        timers.advance(4000);
        i.setPriority(120);
        assertEquals(120, actions.lastAdvert());
        assertThrows(IllegalArgumentException.class, () -> i.setPriority(255));
        assertThrows(IllegalArgumentException.class, () -> i.setPriority(0));
        assertNull(i.faultReason());
    }

    @Test
    void aTrackScriptWeightMovesTheAdvertisedPriorityWithinLimits() throws Exception {
        VrrpInstance i = instance(Map.of("priority", "100"));
        timers.advance(4000);
        i.setTrackAdjust(-60);
        assertEquals(40, actions.lastAdvert());
        i.setTrackAdjust(200);
        assertEquals(254, actions.lastAdvert(), "never the owner's 255");
        i.setTrackAdjust(-200);
        assertEquals(1, actions.lastAdvert(), "never 0, which means leaving");
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
