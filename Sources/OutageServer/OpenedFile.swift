import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A regular file inside the served folder, open: what was checked is what is read. The path is
/// walked one component at a time from a descriptor of the folder, each directory opened with
/// O_NOFOLLOW | O_DIRECTORY and the file with O_NOFOLLOW, so a symbolic link anywhere on the way
/// (also one swapped in while the request is answered) ends the walk: nothing outside the folder
/// can be opened, and no check can be raced between a look at a path and its opening.
/// Sendable: nothing in it changes, and pread(2) needs no lock; a file being sent travels from
/// the thread pool to the event loop.
final class OpenedFile: Sendable {
    /// Size, modification time and identity, from fstat(2) of the open descriptor.
    struct Stamp: Hashable, Sendable {
        let size: Int
        let seconds: Int
        let nanoseconds: Int
        let device: UInt
        let inode: UInt
    }

    let descriptor: Int32
    let stamp: Stamp
    /// The name of the file opened (`index.html` for a folder), for its content type.
    let name: String

    private init(descriptor: Int32, stamp: Stamp, name: String) {
        self.descriptor = descriptor
        self.stamp = stamp
        self.name = name
    }

    deinit { close(descriptor) }

    /// What opening a path gave.
    enum Opening {
        case opened(OpenedFile)
        /// Not there, not reachable without a symbolic link, or not a regular file or folder.
        case absent
        /// It could not be opened for want of something passing (descriptors, memory): errno.
        case failed(Int32)

        init(errno code: Int32) {
            switch code {
            case ENOENT, ENOTDIR, ELOOP, EACCES, EPERM, ENAMETOOLONG, ENXIO, ENODEV, EISDIR: self = .absent
            default: self = .failed(code)
            }
        }
    }

    /// Opens `components` (already checked: no `..`, no empty ones) under `root`; a folder
    /// stands for its `index.html`. Absent when anything on the way is missing, a symbolic link,
    /// or not a regular file or folder.
    static func open(root: String, components: [Substring]) -> Opening {
        var directory = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard directory >= 0 else { return Opening(errno: errno) }
        defer { close(directory) }
        for component in components.dropLast() {
            let next = openat(directory, String(component), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { return Opening(errno: errno) }
            close(directory)
            directory = next
        }
        guard let last = components.last else { return openFile(in: directory, "index.html", folderAllowed: false) }
        return openFile(in: directory, String(last), folderAllowed: true)
    }

    /// O_NONBLOCK: opening a FIFO must not wait for a writer (fstat then refuses it).
    private static func openFile(in directory: Int32, _ name: String, folderAllowed: Bool) -> Opening {
        let descriptor = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return Opening(errno: errno) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            return Opening(errno: code)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            let stamp = Stamp(
                size: Int(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec),
                device: UInt(info.st_dev), inode: UInt(info.st_ino))
            return .opened(OpenedFile(descriptor: descriptor, stamp: stamp, name: name))
        case S_IFDIR where folderAllowed:
            defer { close(descriptor) }
            return openFile(in: descriptor, "index.html", folderAllowed: false)
        default:
            close(descriptor)
            return .absent
        }
    }

    /// The file's bytes, read from the descriptor (at most the size fstat gave: a file that is
    /// being appended to is read as it was when opened, and its new stamp noticed later).
    func contents() -> Data? {
        let size = stamp.size
        var data = Data(count: size)
        var offset = 0
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            while offset < size {
                let count = pread(descriptor, base + offset, size - offset, off_t(offset))
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                if count == 0 { break }  // truncated meanwhile
                offset += count
            }
            return true
        }
        guard complete else { return nil }
        data.count = offset
        return data
    }
}
