/**
 * Netty interop: {@code ByteBuf} views of Margay's packet buffers with matching release semantics, for
 * applications that hand received data to Netty-based code, and copies of {@code ByteBuf}s into packet
 * memory for pushing.
 *
 * <p>Run with {@code -Dio.netty.noUnsafe=true} on JDK 25: the views wrap each segment's {@code ByteBuffer},
 * never a raw address.
 */
module org.margay.netty {
    requires transitive org.margay.fastpath;
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;

    exports org.margay.netty;
}
