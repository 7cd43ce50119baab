namespace PermissionsAdmin;

/// <summary>A request the administration services refuse (unknown name, duplicate, failed validation); nothing was changed.</summary>
public class AdministrationException(string message) : Exception(message);

/// <summary>The acting user may not make this change (delegation rules); nothing was changed.</summary>
public sealed class AdministrationDeniedException(string message) : AdministrationException(message);

/// <summary>Someone else changed the object since the caller read it; nothing was overwritten.</summary>
public sealed class ConcurrencyConflictException(string message) : AdministrationException(message);
