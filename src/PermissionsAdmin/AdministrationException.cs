namespace PermissionsAdmin;

/// <summary>A request the administration services refuse (unknown name, duplicate, failed validation); nothing was changed.</summary>
public sealed class AdministrationException(string message) : Exception(message);
