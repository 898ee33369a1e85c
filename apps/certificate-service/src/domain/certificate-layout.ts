import type { CertificateDocument } from './certificate';

/**
 * Where every piece of text of a certificate goes, as data: which face, where, how large. Pure (no PDF library),
 * so the two ways a certificate is made lay it out the same: pdf-lib drawing the whole page (`render-certificate.ts`)
 * and the prepared template filled in with the learner's text (`certificate-template.ts`).
 */

/** The typefaces of a certificate. */
export type FaceRole =
  /** Engraved capitals for the title (Cinzel Bold). */
  | 'display'
  /** Capitals for small labels and the issuer (Cinzel Regular). */
  | 'displayRegular'
  /** The learner's name (Great Vibes). */
  | 'script'
  /** Date, issuer, certificate id and verification line (EB Garamond). */
  | 'serif'
  /** The fixed lines; the learner's name when the script face lacks one of its characters. */
  | 'serifItalic'
  /** The course title. */
  | 'serifSemiBold';

/** Each face as TTF/OTF bytes: every one is embedded (subset) in the PDF. */
export type CertificateFonts = Readonly<Record<FaceRole, Uint8Array>>;

/** What layout needs of a face: the width of a text at a size (points), as the PDF will draw it. */
export interface Face {
  widthOfTextAtSize(text: string, size: number): number;
}

export type Faces = Readonly<Record<FaceRole, Face>>;

/** A4 landscape, in points (pdf-lib's `PageSizes.A4`, turned). */
export const PAGE = { width: 841.89, height: 595.28 } as const;
const CENTRE = PAGE.width / 2;

/** RGB, each 0 to 1. */
export const PALETTE = {
  navy: [0.106, 0.165, 0.29],
  gold: [0.694, 0.549, 0.259],
  ink: [0.18, 0.18, 0.2],
  muted: [0.42, 0.42, 0.45],
  paper: [0.992, 0.98, 0.953],
} as const;
export type ColorName = keyof typeof PALETTE;

/** One line of text at its place: `x` is the left end of the line, `y` its baseline. */
export interface TextRun {
  readonly role: FaceRole;
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly color: ColorName;
  /** Extra space after each character (PDF `Tc`), for engraved-looking capitals; 0 for none. */
  readonly spacing: number;
}

export interface Area {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The signature columns (date left, issuer right) and the seal between them: lines and labels. */
export const COLUMNS = { y: 132, left: 190, right: PAGE.width - 190 } as const;
export const SEAL = { x: CENTRE, y: 128 } as const;

const COPY = {
  title: 'CERTIFICATE',
  subtitle: 'OF COMPLETION',
  certifies: 'This is to certify that',
  completed: 'has successfully completed the course',
  dateLabel: 'DATE OF COMPLETION',
  issuerLabel: 'ISSUED BY',
  sealMark: 'SFE',
  sealLabel: 'CERTIFIED',
  certificateId: 'Certificate ID  ',
  verify: 'Verify this certificate at ',
  ellipsis: '…',
} as const;

interface Placement {
  readonly role: FaceRole;
  readonly size: number;
  readonly y: number;
  readonly centre: number;
  readonly color: ColorName;
  readonly spacing?: number;
}

/** The text every certificate has, the same on each: the template draws it once. */
const FIXED_TEXT: readonly (Placement & { readonly text: string })[] = [
  {
    text: COPY.title,
    role: 'display',
    size: 46,
    y: PAGE.height - 150,
    centre: CENTRE,
    color: 'navy',
    spacing: 6,
  },
  {
    text: COPY.subtitle,
    role: 'displayRegular',
    size: 15,
    y: PAGE.height - 178,
    centre: CENTRE,
    color: 'gold',
    spacing: 5,
  },
  {
    text: COPY.certifies,
    role: 'serifItalic',
    size: 15,
    y: PAGE.height - 236,
    centre: CENTRE,
    color: 'muted',
  },
  {
    text: COPY.completed,
    role: 'serifItalic',
    size: 15,
    y: PAGE.height - 352,
    centre: CENTRE,
    color: 'muted',
  },
  ...[
    { text: COPY.dateLabel, centre: COLUMNS.left },
    { text: COPY.issuerLabel, centre: COLUMNS.right },
  ].map(
    (label) =>
      ({
        ...label,
        role: 'displayRegular',
        size: 8,
        y: COLUMNS.y - 15,
        color: 'muted',
        spacing: 1.5,
      }) as const,
  ),
  {
    text: COPY.sealMark,
    role: 'display',
    size: 16,
    y: SEAL.y - 2,
    centre: SEAL.x,
    color: 'paper',
    spacing: 2,
  },
  {
    text: COPY.sealLabel,
    role: 'displayRegular',
    size: 6,
    y: SEAL.y - 14,
    centre: SEAL.x,
    color: 'paper',
    spacing: 1.2,
  },
];

/** The fixed text, placed. */
export function fixedRuns(faces: Faces): TextRun[] {
  return FIXED_TEXT.map(({ text, ...placement }) => centred(faces, text, placement));
}

/** The learner's text and the link over the verification line. */
export interface LearnerLayout {
  readonly runs: readonly TextRun[];
  readonly link: Area;
}

/**
 * Everything that differs between certificates, placed: long names and titles shrink, then wrap, to stay inside
 * the frame. `nameRole` is the face that has every character of the name (the script face, or the italic).
 */
export function learnerRuns(
  document: CertificateDocument,
  faces: Faces,
  nameRole: 'script' | 'serifItalic',
): LearnerLayout {
  const runs: TextRun[] = [
    centred(faces, document.issuer.toUpperCase(), {
      role: 'displayRegular',
      size: 11,
      y: PAGE.height - 92,
      centre: CENTRE,
      color: 'gold',
      spacing: 3,
    }),
    centred(faces, document.learnerName, {
      role: nameRole,
      size: fitSize(faces[nameRole], document.learnerName, 48, 22, 560),
      y: PAGE.height - 298,
      centre: CENTRE,
      color: 'navy',
    }),
  ];
  const title = fitLines(faces.serifSemiBold, document.courseTitle, 26, 15, 600, 2);
  title.lines.forEach((line, index) => {
    runs.push(
      centred(faces, line, {
        role: 'serifSemiBold',
        size: title.size,
        y: PAGE.height - 390 - index * title.size * 1.2,
        centre: CENTRE,
        color: 'ink',
      }),
    );
  });
  for (const [value, centre] of [
    [document.completionDate, COLUMNS.left],
    [document.issuer, COLUMNS.right],
  ] as const) {
    const size = fitSize(faces.serif, value, 15, 9, 200);
    runs.push(centred(faces, value, { role: 'serif', size, y: COLUMNS.y + 8, centre, color: 'ink' }));
  }
  runs.push(
    centred(faces, `${COPY.certificateId}${document.certificateId}`, {
      role: 'serif',
      size: 9,
      y: 74,
      centre: CENTRE,
      color: 'muted',
    }),
  );
  const verifyLine = `${COPY.verify}${document.verificationUrl}`;
  const verifySize = fitSize(faces.serif, verifyLine, 9, 6, PAGE.width - 140);
  const verify = centred(faces, verifyLine, {
    role: 'serif',
    size: verifySize,
    y: 61,
    centre: CENTRE,
    color: 'muted',
  });
  runs.push(verify);
  const link = {
    x: verify.x,
    y: verify.y - verifySize * 0.3,
    width: faces.serif.widthOfTextAtSize(verifyLine, verifySize),
    height: verifySize * 1.3,
  };
  return { runs, link };
}

/** The PDF's document information, the same whichever way the certificate is made. */
export function certificateMetadata(document: CertificateDocument) {
  return {
    title: `Certificate of Completion: ${document.courseTitle}`,
    subject: `${document.learnerName} completed ${document.courseTitle} on ${document.completionDate}`,
    author: document.issuer,
    creator: document.issuer,
    producer: 'sfe certificate-service (pdf-lib)',
    keywords: ['certificate', document.certificateId],
  };
}

/** Every character each face draws in the fixed text. */
export const FIXED_TEXT_BY_ROLE: Readonly<Record<FaceRole, string>> = (() => {
  const text: Record<FaceRole, string> = {
    display: '',
    displayRegular: '',
    script: '',
    serif: '',
    serifItalic: '',
    serifSemiBold: '',
  };
  for (const run of FIXED_TEXT) text[run.role] += run.text;
  return text;
})();

/**
 * Every character each face may draw for the learner's text of this document (the italic only as the name's
 * fallback face, not here: see `textByRole`).
 */
export function learnerTextByRole(document: CertificateDocument): Readonly<Record<FaceRole, string>> {
  return {
    display: '',
    displayRegular: document.issuer.toUpperCase(),
    script: document.learnerName,
    serif:
      document.completionDate +
      document.issuer +
      COPY.certificateId +
      document.certificateId +
      COPY.verify +
      document.verificationUrl,
    serifItalic: '',
    serifSemiBold: document.courseTitle + COPY.ellipsis,
  };
}

/** Every character each face may draw for this document: a subset of the face must hold all of them. */
export function textByRole(document: CertificateDocument): Record<FaceRole, string> {
  const learner = learnerTextByRole(document);
  const text = { ...FIXED_TEXT_BY_ROLE };
  for (const role of Object.keys(text) as FaceRole[]) text[role] += learner[role];
  // The learner's name falls back to the italic when the script face lacks a character.
  return { ...text, serifItalic: text.serifItalic + document.learnerName };
}

function centred(faces: Faces, text: string, placement: Placement): TextRun {
  const spacing = placement.spacing ?? 0;
  // Tc adds space after every glyph, the last included: leave it out of the centring.
  const width =
    faces[placement.role].widthOfTextAtSize(text, placement.size) +
    spacing * Math.max(0, [...text].length - 1);
  return {
    role: placement.role,
    text,
    x: placement.centre - width / 2,
    y: placement.y,
    size: placement.size,
    color: placement.color,
    spacing,
  };
}

/** The largest size from `max` down to `min` at which `text` fits `maxWidth` (at least `min`). */
function fitSize(face: Face, text: string, max: number, min: number, maxWidth: number): number {
  const width = face.widthOfTextAtSize(text, max);
  if (width <= maxWidth) return max;
  return Math.max(min, Math.floor(((max * maxWidth) / width) * 10) / 10);
}

/** Shrinks `text` to one line if it can stay above `min`, otherwise wraps it into at most `maxLines`. */
function fitLines(
  face: Face,
  text: string,
  max: number,
  min: number,
  maxWidth: number,
  maxLines: number,
): { lines: string[]; size: number } {
  const oneLine = fitSize(face, text, max, min, maxWidth);
  if (face.widthOfTextAtSize(text, oneLine) <= maxWidth && oneLine >= max * 0.8) {
    return { lines: [text], size: oneLine };
  }
  for (let size = max; size >= min; size -= 1) {
    const lines = wrap(face, text, size, maxWidth);
    if (lines.length <= maxLines) return { lines, size };
  }
  const lines = wrap(face, text, min, maxWidth);
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept[maxLines - 1] = `${kept[maxLines - 1]}${COPY.ellipsis}`;
  return { lines: kept, size: min };
}

function wrap(face: Face, text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && face.widthOfTextAtSize(candidate, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}
