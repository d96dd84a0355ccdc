/**
 * The compressed protocol (CLIENT_COMPRESS, zlib; CLIENT_ZSTD_COMPRESSION_ALGORITHM, zstd): a layer
 * under the packets that carries their bytes in compressed frames. A frame may hold several packets
 * or a piece of one, so the layer is a pair of streams ({@link io.grantgate.protocol.compress.CompressedPacketInput},
 * {@link io.grantgate.protocol.compress.CompressedPacketOutput}) that the packet reader and writer sit
 * on unchanged.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_compression.html">MySQL: Compression</a>
 */
package io.grantgate.protocol.compress;
