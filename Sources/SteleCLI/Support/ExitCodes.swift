import ArgumentParser

/// Stele's exit codes, set in one place (DESIGN.md, "CLI"): 0 ok, 1 usage or input error,
/// 2 registry or I/O error, 100 incompatible (as `buf breaking`).
public enum SteleExit {
    public static let ok: Int32 = 0
    public static let inputError: Int32 = 1
    public static let ioError: Int32 = 2
    public static let incompatible: Int32 = 100
}

/// A failure a command reports with a message and an exit code.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let code: Int32
    var description: String { message }

    static func input(_ message: String) -> CommandFailure { CommandFailure(message: message, code: SteleExit.inputError) }
    static func io(_ message: String) -> CommandFailure { CommandFailure(message: message, code: SteleExit.ioError) }
}
