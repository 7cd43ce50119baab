namespace PermissionsAdmin.Web.Bench;

/// <summary>First and last names for bench users; common names come up more often, as in a real directory.</summary>
internal static class BenchNames
{
    public static readonly string[] First =
    [
        "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
        "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
        "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
        "Kenneth", "Dorothy", "Kevin", "Carol", "Brian", "Amanda", "George", "Melissa", "Edward", "Deborah",
        "Anna", "Lukas", "Sofia", "Mateo", "Chloé", "Léa", "Jonas", "Emma", "Noah", "Olivia",
        "Liam", "Mia", "Hugo", "Zoé", "Elena", "Marco", "Giulia", "Pablo", "Lucía", "Ines",
        "Aiko", "Hiroshi", "Yuki", "Wei", "Mei", "Arjun", "Priya", "Ravi", "Fatima", "Omar",
        "Amara", "Kwame", "Nia", "Tariq", "Leila", "Sven", "Astrid", "Björn", "Ingrid", "Pavel",
        "Olga", "Dmitri", "Katarzyna", "Tomasz", "Eva", "Jan", "Sara", "Diego", "Camila", "Rafael",
    ];

    public static readonly string[] Last =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
        "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Dubois", "Moreau",
        "Laurent", "Lefèvre", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Fernández", "González", "Sato",
        "Suzuki", "Takahashi", "Tanaka", "Wang", "Li", "Zhang", "Liu", "Chen", "Patel", "Sharma",
        "Singh", "Kumar", "Okafor", "Mensah", "Haddad", "Nilsson", "Johansson", "Andersson", "Kowalski", "Nowak",
        "Novak", "Horvat", "Ivanov", "Petrov", "Kuznetsov", "Silva", "Santos", "Oliveira", "Costa", "O'Brien",
    ];

    /// <summary>An index into a list of <paramref name="count"/>, skewed towards the start (squared uniform).</summary>
    public static int Skewed(Random random, int count)
    {
        var u = random.NextDouble();
        return (int)(u * u * count);
    }

    /// <summary>The name as a user name or e-mail part: lower case, ASCII letters only ("Lefèvre" → "lefevre").</summary>
    public static string Ascii(string name)
    {
        var decomposed = name.Normalize(System.Text.NormalizationForm.FormD);
        return new string(decomposed.Where(char.IsAsciiLetter).Select(char.ToLowerInvariant).ToArray());
    }
}
