/// FNV-1a, 64 bits: a stable, short tag for bytes (a cache file's name, a content ETag). Not a
/// security measure: anyone can make two inputs with the same tag.
public enum FNV1a {
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    /// The hash in lowercase hexadecimal, without leading zeros.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        String(hash(bytes), radix: 16)
    }
}
