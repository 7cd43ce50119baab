namespace PermissionsAdmin.Startup;

/// <summary>The database lacks PermissionsAdmin's tables; the message says which command fixes it.</summary>
public sealed class DatabaseNotReadyException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
