package dk.opennsp.services.operations;

import dk.opennsp.security.admission.AdmissionControl;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.ErrorResponses;
import dk.opennsp.security.error.Refusals;
import dk.opennsp.security.error.FhirFormat;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;

/**
 * The HTTP edge of every HTTP/1.1 connection, right after the codec and before Micronaut sees a request:
 * <ol>
 * <li>Framing (RFC 9112 §6.3): a request with both Transfer-Encoding and Content-Length is a
 * request-smuggling vector; the server must treat it as an error and close the connection. Netty instead
 * drops Content-Length and reads on, so a second request hidden in the body would run. The codec is
 * installed with a header factory that remembers the conflict, and {@link RejectConflictingFraming}
 * answers 400 with {@code Connection: close}, closes the connection and discards whatever followed.</li>
 * <li>Admission control ({@link AdmissionHandler}): past capacity, 503 + Retry-After at once.</li>
 * </ol>
 */
@Singleton
public class HttpEdge implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    /** Set by the decoder's headers when it had to drop Content-Length; never forwarded to the application. */
    static final AsciiString CONFLICT_MARK = AsciiString.cached("x-opennsp-framing-conflict");
    private static final String FRAMING = "opennsp-framing-guard";
    private static final String ADMISSION = "opennsp-admission";
    private final Provider<NettyHttpServerConfiguration> configuration;
    private final AdmissionControl admission;
    /** Rendered once, like the admission refusals. */
    private final byte[] framingRefusal;

    private final Refusals refusals;

    public HttpEdge(Provider<NettyHttpServerConfiguration> configuration, AdmissionControl admission, ErrorResponses errors,
                    Refusals refusals) {
        this.configuration = configuration;
        this.refusals = refusals;
        this.admission = admission;
        this.framingRefusal = errors.of(ApiException.badRequest("A request may not carry both Transfer-Encoding and Content-Length"))
                .body().getBytes(StandardCharsets.UTF_8);
    }

    /** A complete response written by the edge itself, before Micronaut has seen the request. */
    static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType).set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                return role == ChannelRole.CONNECTION ? new ConnectionCustomizer(channel) : this;
            }
        });
        return event.getBean();
    }

    private final class ConnectionCustomizer implements NettyServerCustomizer {
        private final Channel channel;

        ConnectionCustomizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return this;
        }

        @Override
        public void onInitialPipelineBuilt() {
            ChannelPipeline pipeline = channel.pipeline();
            if (!(pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) instanceof HttpServerCodec)) {
                return; // not a plain HTTP/1.1 connection
            }
            NettyHttpServerConfiguration config = configuration.get();
            HttpServerCodec codec = new HttpServerCodec(new HttpDecoderConfig()
                    .setMaxInitialLineLength(config.getMaxInitialLineLength())
                    .setMaxHeaderSize(config.getMaxHeaderSize())
                    .setMaxChunkSize(config.getMaxChunkSize())
                    .setInitialBufferSize(config.getInitialBufferSize())
                    .setHeadersFactory(new ConflictRememberingHeaders.Factory(config.isValidateHeaders())));
            pipeline.replace(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, codec);
            pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, FRAMING, new RejectConflictingFraming(framingRefusal, () -> refusals.record(Refusals.EDGE, 400, "framing")));
            pipeline.addAfter(FRAMING, ADMISSION, new AdmissionHandler(admission));
        }
    }

    /** Request headers that note when the decoder removes Content-Length because Transfer-Encoding is chunked. */
    static final class ConflictRememberingHeaders extends DefaultHttpHeaders {
        @SuppressWarnings("deprecation")
        ConflictRememberingHeaders(boolean validate) {
            super(validate);
        }

        @Override
        public HttpHeaders remove(CharSequence name) {
            if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name) && contains(HttpHeaderNames.TRANSFER_ENCODING)) {
                super.set(CONFLICT_MARK, "1");
            }
            return super.remove(name);
        }

        record Factory(boolean validate) implements HttpHeadersFactory {
            @Override
            public HttpHeaders newHeaders() {
                return new ConflictRememberingHeaders(validate);
            }

            @Override
            public HttpHeaders newEmptyHeaders() {
                return new ConflictRememberingHeaders(validate);
            }
        }
    }

    /** 400 + close for a conflicting request; everything after it on that connection is dropped unread. */
    static final class RejectConflictingFraming extends ChannelInboundHandlerAdapter {
        private final byte[] refusal;
        private final Runnable counted;
        private boolean rejected;

        RejectConflictingFraming(byte[] refusal, Runnable counted) {
            this.refusal = refusal;
            this.counted = counted;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (rejected) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest request && request.headers().contains(CONFLICT_MARK)) {
                rejected = true;
                counted.run();
                ReferenceCountUtil.release(msg);
                FullHttpResponse response = response(HttpResponseStatus.BAD_REQUEST, FhirFormat.JSON_MEDIA_TYPE, refusal);
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
