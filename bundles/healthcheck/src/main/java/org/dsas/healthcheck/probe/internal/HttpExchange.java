package org.dsas.healthcheck.probe.internal;

import java.net.Inet6Address;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import org.dsas.healthcheck.probe.ProbeTarget;

/**
 * One GET over one connection, as keepalived sends it: "GET path HTTP/1.0|1.1", User-Agent
 * KeepAliveClient, "Connection: close" for 1.0C and 1.1, Host the virtual host or address:port; TLS
 * first for SSL_GET. The response is read until the server closes or the Content-Length is reached,
 * within what is left of the attempt's deadline.
 */
final class HttpExchange {

    /** What came back: status code, the body's MD5 (hex) as genhash prints it, body length. */
    record Response(int status, String digest, long bodyBytes) {
    }

    private HttpExchange() {
    }

    static String request(String path, String protocol, String virtualhost, ProbeTarget target) {
        String host = virtualhost != null ? virtualhost
                : target.address() instanceof Inet6Address
                        ? "[" + AddressText.of(target.address()) + "]:" + target.port()
                        : AddressText.of(target.address()) + ":" + target.port();
        return "GET " + path + " HTTP/" + ("1.1".equals(protocol) ? "1.1" : "1.0") + "\r\n"
                + "User-Agent: KeepAliveClient\r\n"
                + ("1.0".equals(protocol) ? "" : "Connection: close\r\n")
                + "Host: " + host + "\r\n\r\n";
    }

    /**
     * Sends {@code request} and hands the response to {@code done}; failures end {@code attempt} with a
     * line naming the step ({@code done} is then not called).
     *
     * @param sslContext null for plain HTTP
     * @param sniName    the TLS server name to send, or null for none
     */
    static void run(Attempt attempt, ProbeTarget target, SslContext sslContext, String sniName, String request,
            Consumer<Response> done) {
        String where = Connector.describe(target);
        attempt.phase("connecting to " + where);
        try {
            Connector.connect(attempt, target, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (sslContext != null) {
                        SslHandler tls = sniName != null
                                ? sslContext.newHandler(ch.alloc(), sniName, target.port())
                                : sslContext.newHandler(ch.alloc());
                        tls.setHandshakeTimeoutMillis(0); // the attempt's deadline bounds it
                        ch.pipeline().addLast(tls);
                    }
                    ch.pipeline().addLast(new ResponseHandler(attempt, where, sslContext != null, request, done));
                }
            }).addListener(f -> {
                if (!f.isSuccess()) {
                    attempt.fail("connect to " + where + ": " + Attempt.oneLine(f.cause()));
                }
            });
        } catch (RuntimeException e) {
            attempt.fail("connect to " + where + ": " + Attempt.oneLine(e));
        }
    }

    private static final class ResponseHandler extends ChannelInboundHandlerAdapter {

        private final Attempt attempt;
        private final String where;
        private final boolean tls;
        private final String request;
        private final Consumer<Response> done;
        private final HttpResponseReader reader = new HttpResponseReader();
        private long received;
        private boolean finished;

        ResponseHandler(Attempt attempt, String where, boolean tls, String request, Consumer<Response> done) {
            this.attempt = attempt;
            this.where = where;
            this.tls = tls;
            this.request = request;
            this.done = done;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (tls) {
                attempt.phase("in TLS handshake with " + where);
            } else {
                send(ctx);
            }
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent hs) {
                if (hs.isSuccess()) {
                    send(ctx);
                } else {
                    attempt.fail("TLS handshake with " + where + ": " + Attempt.oneLine(hs.cause()));
                }
            } else if (evt instanceof SslCloseCompletionEvent) {
                finish(ctx); // close_notify ends the response as EOF does (openssl s_server keeps TCP open)
            }
            ctx.fireUserEventTriggered(evt);
        }

        private void send(ChannelHandlerContext ctx) {
            attempt.phase("reading response");
            ctx.writeAndFlush(Unpooled.copiedBuffer(request, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            attempt.fail("send request to " + where + ": " + Attempt.oneLine(f.cause()));
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (finished) {
                    return;
                }
                received += buf.readableBytes();
                reader.feed(buf.nioBuffer());
                if (reader.complete()) {
                    finish(ctx);
                }
            } catch (IllegalStateException e) {
                finished = true;
                attempt.fail(e.getMessage() + " from " + where);
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!finished) {
                finished = true;
                attempt.fail("reading response from " + where + ": " + Attempt.oneLine(cause));
            }
        }

        private void finish(ChannelHandlerContext ctx) {
            if (finished) {
                return;
            }
            finished = true;
            ctx.close();
            if (attempt.done()) {
                return;
            }
            if (!reader.headersDone()) {
                attempt.fail("no HTTP response from " + where + " (closed after " + received + " bytes)");
                return;
            }
            done.accept(new Response(reader.status(), reader.digestHex(), reader.bodyBytes()));
        }
    }
}
