/**
 * Ordinary vocabulary for the corpus: names of fictional people who are NOT in the dictionary
 * (customers in exports, authors of e-mails), places, domains and identifiers for noise code. None of
 * these words is a dictionary term, so they never need a label of their own.
 */

export const FEMALE_FIRST_NAMES = [
  'Zoé', 'Chloé', 'Inès', 'Manon', 'Camille', 'Léna', 'Sarah', 'Jade', 'Louise', 'Juliette', 'Clémence', 'Anaïs',
  'Océane', 'Margaux', 'Pauline', 'Émilie', 'Aurélie', 'Sophie', 'Nathalie', 'Isabelle', 'Marie-Hélène', 'Anne-Sophie',
  'Gaëlle', 'Solène', 'Bérénice', 'Agathe', 'Mélanie',
] as const;

export const MALE_FIRST_NAMES = [
  'Lucas', 'Hugo', 'Louis', 'Jules', 'Nathan', 'Gabriel', 'Arthur', 'Thomas', 'Antoine', 'Maxime', 'Alexandre',
  'Julien', 'Nicolas', 'Sébastien', 'Stéphane', 'Frédéric', 'Jean-Baptiste', 'Jean-Pierre', 'Loïc', 'Mathis',
  'Timothée', 'Yannick', 'Cédric', 'Adrien', 'Kévin', 'Grégory',
] as const;

export const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel',
  'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont',
  'Lambert', 'Bonnet', 'Legrand', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Perrin',
  'Morin', 'Mathieu', 'Clément', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin', 'Le Gall',
  "N'Diaye", 'Benali', 'Nguyen', 'Da Silva', 'Kowalski', 'Hoarau', 'Lemaître', 'Barbier', 'Brunet', 'Boyer',
  'Caron', 'Giraud', 'Rolland', 'Joly', 'Besnard', 'Tessier',
] as const;

/** Cities with their department, to write plausible postcodes. */
export const CITIES = [
  ['Paris', '75'], ['Lyon', '69'], ['Marseille', '13'], ['Toulouse', '31'], ['Nantes', '44'], ['Bordeaux', '33'],
  ['Lille', '59'], ['Rennes', '35'], ['Strasbourg', '67'], ['Montpellier', '34'], ['Grenoble', '38'], ['Dijon', '21'],
  ['Angers', '49'], ['Brest', '29'], ['Tours', '37'], ['Limoges', '87'], ['Clermont-Ferrand', '63'],
  ['Saint-Étienne', '42'], ['Nîmes', '30'], ['Besançon', '25'], ['Ajaccio', '2A'], ['Bastia', '2B'],
] as const;

export const STREETS = [
  'rue de la République', 'avenue Jean Jaurès', 'boulevard Victor Hugo', 'rue des Lilas', 'place de la Mairie',
  'chemin des Vignes', 'allée des Tilleuls', 'rue Pasteur', 'impasse du Moulin', 'quai de la Loire',
] as const;

export const PERSONAL_MAIL_DOMAINS = [
  'gmail.com', 'orange.fr', 'free.fr', 'laposte.net', 'wanadoo.fr', 'hotmail.fr', 'yahoo.fr', 'sfr.fr', 'outlook.fr',
  'icloud.com', 'protonmail.com',
] as const;

export const COMPANY_MAIL_DOMAINS = [
  'entreprise.fr', 'groupe-vintal.com', 'cabinet-roussel.fr', 'atelier-numerique.fr', 'mairie-valcourt.fr',
  'transports-pellerin.fr', 'sas-orbelia.com', 'rh.groupe-vintal.com', 'mail.cabinet-roussel.fr',
  'compta.atelier-numerique.fr', 'etu.univ-exemple.fr', 'fr.orbelia-consulting.com',
] as const;

/** Public host names of the noise (APIs, CDNs); never internal, never a dictionary term. */
export const PUBLIC_HOSTS = [
  'api.example.com', 'cdn.example.net', 'auth.example.org', 'files.example.com', 'status.example.io',
  'api.partenaire-exemple.fr', 'sso.example.com', 'registry.example.com', 'nexus.example.org', 'git.example.com',
] as const;

export const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Entities and verbs for the identifiers of noise code. */
export const ENTITIES = [
  'invoice', 'customer', 'order', 'contract', 'claim', 'shipment', 'payment', 'report', 'subscription', 'quote',
  'ticket', 'document', 'employee', 'supplier', 'warehouse', 'vehicle', 'appointment', 'parcel', 'refund', 'account',
] as const;

export const VERBS = ['fetch', 'load', 'save', 'update', 'delete', 'validate', 'export', 'import', 'sync', 'archive', 'compute', 'render', 'publish', 'schedule'] as const;

export const SERVICE_NAMES = ['billing', 'crm', 'gateway', 'notifications', 'reporting', 'catalog', 'checkout', 'identity', 'scheduler', 'documents'] as const;

/** Short French sentences of ordinary prose for reports and comments. */
export const FRENCH_PROSE = [
  "Le service a été redémarré après la mise à jour de la configuration.",
  "Aucune perte de données n'a été constatée à ce stade.",
  "La file d'attente a retrouvé un débit normal vers 11 h.",
  "Les tests de non-régression ont été relancés sur l'environnement de recette.",
  "Une revue de code complémentaire est prévue la semaine prochaine.",
  "Le déploiement a été suspendu le temps de l'analyse.",
  "Les journaux applicatifs ont été conservés pour l'enquête.",
  "La rotation des identifiants concernés a été demandée aux équipes.",
  "Le ticket a été escaladé au niveau 2 du support.",
  "Les utilisateurs ont été informés par courriel de l'interruption.",
  "La sauvegarde nocturne s'est terminée sans erreur.",
  "Le correctif sera intégré à la prochaine version mineure.",
] as const;

/** Ordinary English comment lines for code. */
export const ENGLISH_COMMENTS = [
  'Retry with exponential backoff: the upstream API rate-limits bursts.',
  'Keep the order stable so that snapshots do not churn.',
  'The cache is warmed on start-up; see the health check.',
  'Values come from the environment in production.',
  'Legacy format, kept until every client has migrated.',
  'Pagination is cursor-based since v2 of the API.',
  'Timestamps are stored in UTC and shown in the user time zone.',
  'This runs in a worker to keep the request path fast.',
] as const;
