package org.dsas.vrrp.internal;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.dsas.kernel.api.InterfaceAddress;
import org.dsas.vrrp.api.VrrpState;
import org.dsas.vrrp.codec.DropReason;
import org.dsas.vrrp.codec.VrrpCodec;
import org.dsas.vrrp.codec.VrrpPacket;

/**
 * The VRRP state machine of one virtual router (RFC 9568 section 6.4, RFC 3768
 * for v2), with keepalived's behaviour where the RFC leaves room: preempt delay,
 * FAULT on a tracked interface, adverts dropped for interval, auth or address
 * mismatch. Pure logic: time comes from {@link VrrpTimers}, effects go to
 * {@link VrrpActions}. Every method runs on the instance's one event thread.
 */
final class VrrpInstance {

    private final VrrpConfig config;
    private final VrrpTimers timers;
    private final VrrpActions actions;
    private final InetAddress self;

    private volatile VrrpState state = VrrpState.INIT;
    private volatile int priority;
    private volatile boolean maintenance;
    private volatile int trackAdjust;
    private int masterAdverMillis;
    private volatile InetAddress masterAddress;
    private long startedAt;
    private VrrpTimers.Timer masterDown;
    private VrrpTimers.Timer advert;
    private long otherMasterSince = -1;
    private long otherMasterLastSeen = -1;
    private volatile boolean splitBrain;
    private volatile String faultReason;
    /** Set when the master's priority-0 advert shortened the master down timer (for the log's reason). */
    private boolean masterLeft;
    /** Priority of the lower master this backup is preempting (0: none). */
    private int preemptedPriority;

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, Integer> peers = new ConcurrentHashMap<>();

    VrrpInstance(VrrpConfig config, InetAddress self, VrrpTimers timers, VrrpActions actions) {
        this.config = config;
        this.self = self;
        this.timers = timers;
        this.actions = actions;
        this.priority = config.priority();
        this.masterAdverMillis = config.advertMillis();
    }

    // --- lifecycle ---

    void start() {
        startedAt = timers.nowMillis();
        if (effectivePriority() == 255) {
            becomeMaster("address owner (priority 255)");
        } else {
            becomeBackup("startup");
        }
    }

    /** Shutdown: a MASTER sends priority 0 so the backup takes over after skew time, not the full down interval. */
    void stop() {
        cancelTimers();
        if (state == VrrpState.MASTER) {
            send(0);
            count("priorityZeroSent");
            actions.releaseAddresses();
        }
        change(VrrpState.INIT, "stopped");
    }

    // --- operator and tracking ---

    void setPriority(int p) {
        if (p < 1 || p > 255) {
            throw new IllegalArgumentException("priority " + p + " is not 1-255");
        }
        if ((p == 255) != config.owner()) {
            throw new IllegalArgumentException(p == 255 ? "priority 255 is for the address owner only"
                    : "the address owner's priority stays 255");
        }
        priority = p;
        if (state == VrrpState.MASTER) {
            send(effectivePriority());
        }
    }

    void setMaintenance(boolean on) {
        if (maintenance == on) {
            return;
        }
        maintenance = on;
        if (on && state == VrrpState.MASTER) {
            send(0);
            count("priorityZeroSent");
            becomeBackup("maintenance: handed over by the operator");
        } else if (state == VrrpState.MASTER) {
            send(effectivePriority());
        }
    }

    /** A tracked interface went down (reason) or all came back (null). */
    void setFault(String reason) {
        if (reason != null && state != VrrpState.FAULT) {
            faultReason = reason;
            boolean wasMaster = state == VrrpState.MASTER;
            cancelTimers();
            if (wasMaster) {
                send(0);
                count("priorityZeroSent");
                actions.releaseAddresses();
            }
            change(VrrpState.FAULT, reason);
        } else if (reason == null && state == VrrpState.FAULT) {
            faultReason = null;
            becomeBackup("fault cleared");
        }
    }

    /** Follows another instance of the sync group into MASTER or BACKUP. */
    void follow(VrrpState target, String reason) {
        if (state == VrrpState.FAULT || state == VrrpState.INIT || state == target) {
            return;
        }
        if (target == VrrpState.MASTER) {
            becomeMaster(reason);
        } else if (target == VrrpState.BACKUP) {
            becomeBackup(reason);
        }
    }

    // --- receiving ---

    /** A packet the codec refused (counted under its reason). */
    void dropped(DropReason reason) {
        count("advertsReceived");
        count(reason.counterName());
    }

    /** One decoded advertisement for this instance's VRID, with the IP layer's source and TTL. */
    void receive(VrrpPacket p, InetAddress source, int ttl) {
        count("advertsReceived");
        DropReason drop = check(p, source, ttl);
        if (drop != null) {
            count(drop.counterName());
            return;
        }
        peers.put(source.getHostAddress(), p.priority());
        switch (state) {
            case BACKUP -> backupReceives(p, source);
            case MASTER -> masterReceives(p, source);
            default -> {
                // INIT and FAULT ignore adverts.
            }
        }
    }

    /** The receiver's checks (RFC 9568 7.1 and what keepalived drops); null when the advert is acceptable. */
    DropReason check(VrrpPacket p, InetAddress source, int ttl) {
        if (ttl != 255) {
            return DropReason.BAD_TTL;
        }
        if (source.equals(self)) {
            return DropReason.OWN_PACKET;
        }
        if (p.version() != config.version()) {
            return DropReason.VERSION_MISMATCH;
        }
        if (config.version() == 2) {
            int authType = config.authPass() == null ? 0 : 1;
            if (p.authType() != authType
                    || authType == 1 && !Arrays.equals(p.authData(), VrrpCodec.authData(config.authPass()))) {
                return DropReason.AUTH_MISMATCH;
            }
            if (p.advertInterval() * 1000 != config.advertMillis()) {
                return DropReason.INTERVAL_MISMATCH;
            }
        }
        // A priority-0 advert still carries the addresses; the owner's too. Compare as sets.
        Set<InetAddress> ours = config.virtualAddresses().stream().map(InterfaceAddress::address)
                .collect(Collectors.toSet());
        if (!ours.equals(new HashSet<>(p.addresses()))) {
            return DropReason.ADDRESS_MISMATCH;
        }
        return null;
    }

    private void backupReceives(VrrpPacket p, InetAddress source) {
        if (p.priority() == 0) {
            count("priorityZeroReceived");
            masterLeft = true;
            restartMasterDown(skewMillis());
            return;
        }
        masterLeft = false;
        boolean preemptDelayed = timers.nowMillis() - startedAt < config.preemptDelayMillis();
        if (!config.preempt() || preemptDelayed || maintenance || p.priority() >= effectivePriority()) {
            masterAddress = source;
            if (config.version() == 3) {
                masterAdverMillis = p.advertInterval() * 10;
            }
            preemptedPriority = 0;
            restartMasterDown(masterDownMillis());
        } else {
            // Preempt: let the master-down timer run out and take over (the log names the master preempted).
            masterAddress = source;
            preemptedPriority = p.priority();
        }
    }

    private void masterReceives(VrrpPacket p, InetAddress source) {
        if (p.priority() == 0) {
            count("priorityZeroReceived");
            sendAdvertNow();
            return;
        }
        int ours = effectivePriority();
        if (p.priority() > ours || p.priority() == ours && compare(source, self) > 0) {
            masterAddress = source;
            if (config.version() == 3) {
                masterAdverMillis = p.advertInterval() * 10;
            }
            becomeBackup("higher priority " + p.priority() + (p.priority() == ours ? " (equal, higher address)" : "")
                    + " > " + ours + " from " + source.getHostAddress());
            return;
        }
        // Another node believes it is master: tell it at once, and raise an alarm if it persists.
        long now = timers.nowMillis();
        if (otherMasterSince < 0) {
            otherMasterSince = now;
            // The other node took the addresses while this one was silent (frozen, cut off): its gratuitous ARPs
            // moved the neighbours to it, and it releases the addresses on this advert without announcing
            // anything. Announce them again, once per episode, or the neighbours keep sending to a node that
            // no longer holds the addresses (keepalived: garp_lower_prio_repeat).
            actions.announceAddresses();
        }
        otherMasterLastSeen = now;
        count("otherMasterAdverts");
        if (!splitBrain && now - otherMasterSince >= 3L * config.advertMillis()) {
            splitBrain = true;
            count("splitBrainAlarms");
            actions.splitBrain(true, source.getHostAddress(), p.priority());
        }
        sendAdvertNow();
    }

    // --- timers ---

    private void masterDownExpired() {
        masterDown = null;
        if (state == VrrpState.BACKUP) {
            String who = masterAddress == null ? "the master" : "master " + masterAddress.getHostAddress();
            becomeMaster(masterLeft ? who + " left (priority 0); took over after the skew time " + skewMillis() + " ms"
                    : preemptedPriority > 0 ? "preempted " + who + " (priority " + preemptedPriority + " < "
                            + effectivePriority() + ")"
                    : masterAddress == null || masterAddress.equals(self) ? "no master seen for " + masterDownMillis() + " ms"
                    : who + " silent for " + masterDownMillis() + " ms");
            masterLeft = false;
            preemptedPriority = 0;
        }
    }

    private void advertDue() {
        advert = null;
        if (state != VrrpState.MASTER) {
            return;
        }
        long now = timers.nowMillis();
        if (otherMasterLastSeen >= 0 && now - otherMasterLastSeen > 3L * config.advertMillis()) {
            otherMasterSince = -1;
            otherMasterLastSeen = -1;
            if (splitBrain) {
                splitBrain = false;
                actions.splitBrain(false, null, 0);
            }
        }
        send(effectivePriority());
        advert = timers.schedule(this::advertDue, config.advertMillis());
    }

    private void sendAdvertNow() {
        if (advert != null) {
            advert.cancel();
        }
        advertDue();
    }

    // --- transitions ---

    private void becomeMaster(String reason) {
        java.util.Optional<String> veto = actions.veto();
        if (veto.isPresent()) {
            count("vetoed");
            if (state != VrrpState.BACKUP) {
                change(VrrpState.BACKUP, "mastership vetoed: " + veto.get());
            }
            restartMasterDown(masterDownMillis());
            return;
        }
        cancelTimers();
        masterAddress = self;
        otherMasterSince = -1;
        otherMasterLastSeen = -1;
        send(effectivePriority());
        actions.takeAddresses();
        advert = timers.schedule(this::advertDue, config.advertMillis());
        change(VrrpState.MASTER, reason);
    }

    private void becomeBackup(String reason) {
        boolean wasMaster = state == VrrpState.MASTER;
        cancelTimers();
        if (wasMaster) {
            actions.releaseAddresses();
        }
        if (splitBrain) {
            splitBrain = false;
            actions.splitBrain(false, null, 0);
        }
        restartMasterDown(masterDownMillis());
        change(VrrpState.BACKUP, reason);
    }

    private void change(VrrpState to, String reason) {
        VrrpState from = state;
        state = to;
        if (from != to) {
            count("transitions");
            if (to == VrrpState.MASTER) {
                count("becameMaster");
            }
            actions.transition(from, to, reason);
        }
    }

    private void restartMasterDown(long millis) {
        if (masterDown != null) {
            masterDown.cancel();
        }
        masterDown = timers.schedule(this::masterDownExpired, millis);
    }

    private void cancelTimers() {
        if (masterDown != null) {
            masterDown.cancel();
            masterDown = null;
        }
        if (advert != null) {
            advert.cancel();
            advert = null;
        }
    }

    private void send(int prio) {
        actions.sendAdvert(prio);
        count("advertsSent");
    }

    // --- figures ---

    int effectivePriority() {
        if (maintenance) {
            return 1;
        }
        if (priority == 255) {
            return 255;
        }
        return Math.max(1, Math.min(254, priority + trackAdjust));
    }

    /** A track script's weight applied (keepalived: +weight while it succeeds, or weight while it fails if negative). */
    void setTrackAdjust(int delta) {
        if (delta == trackAdjust) {
            return;
        }
        trackAdjust = delta;
        if (state == VrrpState.MASTER) {
            send(effectivePriority());
        }
    }

    /** Skew_Time: (256 - Priority) x Master_Adver_Interval / 256 (v3); v2 uses the same in seconds. */
    long skewMillis() {
        return (256L - effectivePriority()) * masterAdverMillis / 256;
    }

    /** Master_Down_Interval = 3 x Master_Adver_Interval + Skew_Time. */
    long masterDownMillis() {
        return 3L * masterAdverMillis + skewMillis();
    }

    static int compare(InetAddress a, InetAddress b) {
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }

    private void count(String name) {
        counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    VrrpState state() {
        return state;
    }

    VrrpConfig config() {
        return config;
    }

    int priority() {
        return priority;
    }

    boolean maintenance() {
        return maintenance;
    }

    boolean splitBrain() {
        return splitBrain;
    }

    InetAddress masterAddress() {
        return masterAddress;
    }

    InetAddress self() {
        return self;
    }

    String faultReason() {
        return faultReason;
    }

    Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), e.getValue().get()));
        return out;
    }

    Map<String, Integer> peers() {
        return new LinkedHashMap<>(peers);
    }
}
