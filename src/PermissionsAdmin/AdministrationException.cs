namespace PermissionsAdmin;

/// <summary>
/// A request the administration services refuse (unknown name, duplicate, failed validation); nothing was changed.
/// <see cref="Field"/> names the input at fault when there is one (e.g. <c>userName</c>, <c>password</c>).
/// </summary>
public class AdministrationException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}

/// <summary>The acting user may not make this change (delegation rules); nothing was changed.</summary>
public sealed class AdministrationDeniedException(string message) : AdministrationException(message);

/// <summary>Someone else changed the object since the caller read it; nothing was overwritten.</summary>
public sealed class ConcurrencyConflictException(string message) : AdministrationException(message);

/// <summary>The user, group or object named by id does not exist.</summary>
public sealed class AdministrationNotFoundException(string message) : AdministrationException(message);
