using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Localization;
using PermissionsAdmin.Admin.Localization;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>The input an entity property is edited with, chosen from its CLR type.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "Integer, Decimal and Guid name the CLR type a field holds: that is what a field kind says.")]
public enum FieldKind
{
    Text,
    MultilineText,
    Integer,
    Decimal,
    Boolean,
    NullableBoolean,
    DateTime,
    Date,
    Time,
    Enum,
    Guid,
    ForeignKey,

    /// <summary>A file upload, stored by the field's <see cref="AdminField.FileStore"/>.</summary>
    File,

    /// <summary>A type the admin has no input for: shown, never edited.</summary>
    Unsupported,
}

/// <summary>
/// One scalar property of an administered entity as a form field and a list column: its input, what it requires,
/// and how its text is read from a form (<see cref="Parse"/>) and written back (<see cref="Format"/>).
/// Times are UTC, as everywhere in the admin.
/// </summary>
public sealed class AdminField
{
    /// <summary>Text longer than this (or of no maximum) gets a multi-line input.</summary>
    private const int SingleLineMaxLength = 500;

    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];

    private readonly ValidationAttribute[] _validators;

    internal AdminField(IProperty property, bool readOnly, string? permission, Type? fileStore, bool secret)
    {
        Property = property;
        Name = property.Name;
        var clr = property.PropertyInfo;
        ForeignKey = property.GetContainingForeignKeys().FirstOrDefault(fk => fk.Properties.Count == 1 && !fk.IsOwnership);
        Navigation = ForeignKey?.DependentToPrincipal;
        Label = clr?.GetCustomAttribute<DisplayAttribute>()?.GetName() ?? clr?.GetCustomAttribute<DisplayNameAttribute>()?.DisplayName
            ?? Words.FromName(Navigation?.Name ?? Name);
        ValueType = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        IsNullable = property.IsNullable;
        MaxLength = property.GetMaxLength();
        FileStore = fileStore;
        Kind = fileStore is null ? KindOf(property, ValueType, ForeignKey) : FieldKind.File;
        // A string is required when the code says so ([Required], or C#'s required modifier, which marks the property with
        // RequiredMemberAttribute); a non-nullable one that is
        // not is stored as "" when left blank. Other non-nullable values always need one.
        Required = ValueType == typeof(string)
            ? clr is not null && (clr.IsDefined(typeof(RequiredAttribute)) || clr.IsDefined(typeof(RequiredMemberAttribute)))
            : !IsNullable && Kind is not (FieldKind.Boolean or FieldKind.Unsupported);
        _validators = clr?.GetCustomAttributes<ValidationAttribute>().Where(a => a is not RequiredAttribute).ToArray() ?? [];
        IsGenerated = property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never;
        IsReadOnly = readOnly || IsGenerated || IsConcurrencyToken || Kind == FieldKind.Unsupported || property.IsShadowProperty();
        Permission = permission;
        Help = clr?.GetCustomAttribute<DisplayAttribute>()?.GetDescription();
        IsSecret = secret || clr is not null && (clr.GetCustomAttribute<DataTypeAttribute>()?.DataType == DataType.Password
            || clr.GetCustomAttribute<PasswordPropertyTextAttribute>()?.Password == true || clr.IsDefined(typeof(ProtectedPersonalDataAttribute)));
    }

    public string Name { get; }
    public string Label { get; }
    public string? Help { get; }
    public IProperty Property { get; }
    public FieldKind Kind { get; }
    public Type ValueType { get; }
    public bool IsNullable { get; }
    public bool Required { get; }
    public int? MaxLength { get; }

    /// <summary>The key, when the database makes it: never on a form.</summary>
    public bool IsGenerated { get; }

    /// <summary>Shown but not edited: registered read-only, generated, a concurrency token, or of a type the admin cannot edit.</summary>
    public bool IsReadOnly { get; }

    /// <summary>
    /// A value never shown nor recorded (<see cref="EntityAdmin{TEntity}.Secret"/>, or a password or protected
    /// personal data attribute): its input starts blank, and blank keeps the stored value.
    /// </summary>
    public bool IsSecret { get; }

    /// <summary>The permission needed to change this field of an existing object, if any.</summary>
    public string? Permission { get; }

    /// <summary>The <see cref="IAdminFileStore"/> service a <see cref="FieldKind.File"/> field's uploads go through.</summary>
    public Type? FileStore { get; }

    /// <summary>The reference this property is the foreign key of, if any; its navigation may be absent.</summary>
    public IForeignKey? ForeignKey { get; }
    public INavigation? Navigation { get; }

    /// <summary>
    /// A concurrency token (<c>[ConcurrencyCheck]</c>, <c>[Timestamp]</c>, <c>IsConcurrencyToken()</c>): the change form
    /// carries the value it was read with (<see cref="TokenText"/>), and the save is refused if the row's has changed since.
    /// </summary>
    public bool IsConcurrencyToken => Property.IsConcurrencyToken;

    public object? Get(object entity) => Property.GetGetter().GetClrValue(entity);

    public void Set(object entity, object? value) => Property.PropertyInfo!.SetValue(entity, value);

    /// <summary>The value as an input holds it.</summary>
    public string Format(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The value as a list or a read-only form shows it, yes and no in the request's language: a secret one only as being there.</summary>
    public string Show(object? value, IStringLocalizer<AdminStrings> T) => value switch
    {
        null or "" when IsSecret => "—",
        _ when IsSecret => "••••••••",
        null => "—",
        DateTime d => AdminHtml.When(d),
        DateTimeOffset d => AdminHtml.When(d.UtcDateTime),
        bool b => b ? T["Yes"] : T["No"],
        _ => Format(value),
    };

    /// <summary>A concurrency token's value as the form carries it: exact, unlike <see cref="Format"/> (times to the second).</summary>
    public string TokenText(object? value) => value switch
    {
        null => "",
        byte[] bytes => System.Convert.ToBase64String(bytes),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        _ => TypeDescriptor.GetConverter(ValueType).ConvertToInvariantString(value) ?? "",
    };

    /// <summary>The value <see cref="TokenText"/> wrote; false for text it cannot have written.</summary>
    public bool TryParseToken(string? text, out object? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            // Null is written as nothing; so is "", which a non-nullable string token may hold.
            if (!IsNullable && ValueType == typeof(string)) value = "";
            return IsNullable || ValueType == typeof(string);
        }
        try
        {
            value = ValueType == typeof(byte[]) ? System.Convert.FromBase64String(text)
                : ValueType == typeof(DateTime) ? System.DateTime.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                : ValueType == typeof(DateTimeOffset) ? DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                : TypeDescriptor.GetConverter(ValueType).ConvertFromInvariantString(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or NotSupportedException || e.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// The posted text as this field's value, or the error shown under it. Blank is null for a nullable field, "" for
    /// an optional non-nullable string, and "This field is required." otherwise. Errors are in the request's language.
    /// </summary>
    public (object? Value, string? Error) Parse(string? text, object instance, IStringLocalizer<AdminStrings> T)
    {
        // A checkbox posts "true" (ticked) before its hidden "false"; nothing at all is unticked too.
        if (Kind == FieldKind.Boolean) return text switch { null or "false" => (false, null), "true" => (true, null), _ => (null, T["Enter true or false."]) };
        if (PlainText.HasControlCharacters(text, multiline: Kind == FieldKind.MultilineText))
        {
            return (null, PlainText.ControlCharactersMessage(Label.ToLowerInvariant()));
        }
        var trimmed = Kind == FieldKind.MultilineText ? text?.Replace("\r\n", "\n", StringComparison.Ordinal) : text?.Trim();
        if (string.IsNullOrWhiteSpace(trimmed))
        {
            if (Required) return (null, T["This field is required."]);
            return (ValueType == typeof(string) && !IsNullable ? "" : null, null);
        }
        if (!TryConvert(trimmed, out var value)) return (null, Invalid(trimmed, T));
        if (value is string s && MaxLength is { } max && s.Length > max)
        {
            return (null, T["Ensure this value has at most {0} characters (it has {1}).", max, s.Length]);
        }
        var results = new List<ValidationResult>();
        var context = new ValidationContext(instance) { MemberName = Name, DisplayName = Label };
        if (_validators.Length > 0 && !Validator.TryValidateValue(value!, context, results, _validators))
        {
            return (null, results[0].ErrorMessage);
        }
        return (value, null);
    }

    /// <summary>Non-blank text (a form's input, a filter's choice) as this field's value; false when it is not one.</summary>
    public bool TryConvert(string text, out object? value)
    {
        var invariant = CultureInfo.InvariantCulture;
        value = null;
        switch (Kind)
        {
            case FieldKind.Text or FieldKind.MultilineText:
                value = text;
                return true;
            case FieldKind.Boolean or FieldKind.NullableBoolean when text is "true" or "false":
                value = text == "true";
                return true;
            case FieldKind.Enum:
                if (!Enum.TryParse(ValueType, text, ignoreCase: false, out var member) || !Enum.IsDefined(ValueType, member!)
                    || char.IsDigit(text[0]) || text[0] == '-') return false;
                value = member;
                return true;
            case FieldKind.Guid when System.Guid.TryParse(text, out var guid):
                value = guid;
                return true;
            case FieldKind.DateTime when System.DateTime.TryParseExact(text, DateTimeFormats, invariant, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when):
                value = ValueType == typeof(DateTimeOffset) ? new DateTimeOffset(when, TimeSpan.Zero) : when;
                return true;
            case FieldKind.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var date):
                value = date;
                return true;
            case FieldKind.Time when TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], invariant, DateTimeStyles.None, out var time):
                value = time;
                return true;
            case FieldKind.Integer or FieldKind.ForeignKey or FieldKind.Decimal:
                try
                {
                    value = TypeDescriptor.GetConverter(ValueType).ConvertFromInvariantString(text);
                    return true;
                }
                catch (Exception e) when (e is FormatException or OverflowException or ArgumentException || e.InnerException is FormatException or OverflowException)
                {
                    return false;
                }
            default:
                return false;
        }
    }

    /// <summary>Why <see cref="TryConvert"/> refused <paramref name="text"/>, as the form says it.</summary>
    private string Invalid(string text, IStringLocalizer<AdminStrings> T) => Kind switch
    {
        FieldKind.NullableBoolean => T["Choose yes, no or unknown."],
        FieldKind.Enum => T["Select a valid choice. {0} is not one of the available choices.", text],
        FieldKind.Guid => T["Enter a valid UUID."],
        FieldKind.DateTime => T["Enter a valid date and time (UTC), as 2026-12-31 23:59."],
        FieldKind.Date => T["Enter a valid date, as 2026-12-31."],
        FieldKind.Time => T["Enter a valid time, as 23:59."],
        FieldKind.Decimal => T["Enter a number."],
        FieldKind.Integer or FieldKind.ForeignKey => T["Enter a whole number."],
        _ => T["This field cannot be changed here."],
    };

    private static FieldKind KindOf(IProperty property, Type type, IForeignKey? foreignKey)
    {
        if (foreignKey is not null) return FieldKind.ForeignKey;
        if (type == typeof(string))
        {
            return property.GetMaxLength() is { } max && max <= SingleLineMaxLength ? FieldKind.Text : FieldKind.MultilineText;
        }
        if (type == typeof(bool)) return property.IsNullable ? FieldKind.NullableBoolean : FieldKind.Boolean;
        if (type.IsEnum) return FieldKind.Enum;
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)) return FieldKind.Integer;
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float)) return FieldKind.Decimal;
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return FieldKind.DateTime;
        if (type == typeof(DateOnly)) return FieldKind.Date;
        if (type == typeof(TimeOnly)) return FieldKind.Time;
        if (type == typeof(Guid)) return FieldKind.Guid;
        return FieldKind.Unsupported;
    }
}
