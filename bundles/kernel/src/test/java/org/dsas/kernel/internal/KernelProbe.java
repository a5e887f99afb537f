package org.dsas.kernel.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dsas.kernel.api.InterfaceAddress;
import org.dsas.kernel.api.KernelException;
import org.dsas.kernel.api.NetInterface;
import org.dsas.kernel.api.NetworkKernel;
import org.dsas.kernel.api.PacketSocket;
import org.dsas.kernel.api.RawIpSocket;
import org.dsas.kernel.api.ReceivedPacket;

/**
 * The code under test, driven line by line from a parent test inside a network
 * namespace ({@code ip netns exec <ns> java -cp ... KernelProbe}). Prints READY,
 * then answers each command with one line: {@code OK ...}, {@code PACKET ...},
 * {@code TIMEOUT} or {@code ERROR <message>}. Only protocol lines go to stdout.
 *
 * <pre>
 * iface IF                              OK index mac-hex up running addr/prefix ...
 * addrs IF                              OK addr/prefix ...
 * addr-add IF ADDRESS PREFIX            OK
 * addr-del IF ADDRESS PREFIX            OK
 * macvlan-add PARENT NAME MAC-HEX       OK
 * link-del NAME                         OK
 * sysctl-v4 IF KEY VALUE                OK
 * raw-open NAME PROTOCOL IF v4|v6 TTL   OK
 * raw-join NAME GROUP                   OK
 * raw-send NAME DESTINATION HEX         OK
 * raw-recv NAME TIMEOUT-MS              PACKET source destination ttl hex | TIMEOUT
 * raw-close NAME                        OK
 * raw-close-while-receiving NAME        OK millis ms: what the blocked receiver got
 * packet-open NAME IF                   OK
 * packet-send NAME HEX                  OK
 * packet-close NAME                     OK
 * quit
 * </pre>
 */
public final class KernelProbe {

    private final NetworkKernel kernel = new LinuxNetworkKernel();
    private final Map<String, RawIpSocket> rawSockets = new HashMap<>();
    private final Map<String, PacketSocket> packetSockets = new HashMap<>();
    private final HexFormat hex = HexFormat.of();

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        KernelProbe probe = new KernelProbe();
        out.println("READY");
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            out.println(probe.answer(line.trim().split("\\s+")));
        }
        probe.rawSockets.values().forEach(RawIpSocket::close);
        probe.packetSockets.values().forEach(PacketSocket::close);
    }

    private String answer(String[] a) {
        try {
            return switch (a[0]) {
                case "iface" -> {
                    NetInterface i = kernel.netInterface(a[1]);
                    yield "OK " + i.index() + " " + hex.formatHex(i.mac()) + " " + i.up() + " " + i.running()
                            + " " + join(i.addresses());
                }
                case "addrs" -> "OK " + join(kernel.addresses(a[1]));
                case "addr-add" -> {
                    kernel.addAddress(a[1], InetAddress.getByName(a[2]), Integer.parseInt(a[3]));
                    yield "OK";
                }
                case "addr-del" -> {
                    kernel.deleteAddress(a[1], InetAddress.getByName(a[2]), Integer.parseInt(a[3]));
                    yield "OK";
                }
                case "macvlan-add" -> {
                    kernel.createMacvlan(a[1], a[2], hex.parseHex(a[3]));
                    yield "OK";
                }
                case "link-del" -> {
                    kernel.deleteLink(a[1]);
                    yield "OK";
                }
                case "sysctl-v4" -> {
                    kernel.setIpv4Sysctl(a[1], a[2], a[3]);
                    yield "OK";
                }
                case "raw-open" -> {
                    rawSockets.put(a[1], kernel.openRawIp(Integer.parseInt(a[2]), a[3], a[4].equals("v6"),
                            Integer.parseInt(a[5])));
                    yield "OK";
                }
                case "raw-join" -> {
                    rawSockets.get(a[1]).joinGroup(InetAddress.getByName(a[2]));
                    yield "OK";
                }
                case "raw-send" -> {
                    rawSockets.get(a[1]).send(InetAddress.getByName(a[2]), hex.parseHex(a[3]));
                    yield "OK";
                }
                case "raw-recv" -> {
                    ReceivedPacket p = rawSockets.get(a[1]).receive(Integer.parseInt(a[2]));
                    yield p == null ? "TIMEOUT"
                            : "PACKET " + p.source().getHostAddress() + " " + p.destination().getHostAddress()
                                    + " " + p.ttl() + " " + hex.formatHex(p.payload());
                }
                case "raw-close" -> {
                    rawSockets.remove(a[1]).close();
                    yield "OK";
                }
                case "raw-close-while-receiving" -> closeWhileReceiving(rawSockets.remove(a[1]));
                case "packet-open" -> {
                    packetSockets.put(a[1], kernel.openPacket(a[2]));
                    yield "OK";
                }
                case "packet-send" -> {
                    packetSockets.get(a[1]).send(hex.parseHex(a[2]));
                    yield "OK";
                }
                case "packet-close" -> {
                    packetSockets.remove(a[1]).close();
                    yield "OK";
                }
                default -> "ERROR unknown command " + a[0];
            };
        } catch (KernelException e) {
            return "ERROR " + e.getMessage();
        } catch (Exception | LinkageError e) {
            return "ERROR " + e;
        }
    }

    /** Closes a socket while another thread waits in receive(10 s); reports how soon and how that returned. */
    private static String closeWhileReceiving(RawIpSocket socket) throws Exception {
        java.util.concurrent.CompletableFuture<String> received = new java.util.concurrent.CompletableFuture<>();
        Thread receiver = new Thread(() -> {
            try {
                received.complete(String.valueOf(socket.receive(10_000)));
            } catch (KernelException e) {
                received.complete(e.getMessage());
            }
        });
        receiver.start();
        Thread.sleep(300);
        long closing = System.nanoTime();
        socket.close();
        String result = received.get(15, java.util.concurrent.TimeUnit.SECONDS);
        return "OK " + (System.nanoTime() - closing) / 1_000_000 + " ms: " + result;
    }

    private static String join(List<InterfaceAddress> addresses) {
        return addresses.stream().map(InterfaceAddress::toString).collect(Collectors.joining(" "));
    }
}
