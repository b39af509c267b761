import type { Language } from '@runcell/core'

/** One exercise of a lesson: a prompt and a runnable starting point. */
export interface Exercise {
  id: string
  title: string
  language: Language
  /** What the learner is asked to do, as paragraphs. */
  prompt: string[]
  code: string
  session?: string
  files?: Record<string, string>
}

/** A lesson of the demo course. */
export interface Lesson {
  slug: string
  title: string
  summary: string
  exercises: Exercise[]
}

const SALES_CSV = `date,region,product,amount
2026-01-03,north,notebook,12.50
2026-01-03,south,pen,2.10
2026-01-04,north,pen,2.10
2026-01-05,east,backpack,39.90
2026-01-05,south,notebook,12.50
2026-01-06,east,pen,4.20
2026-01-07,north,backpack,39.90
`

const introToData: Lesson = {
  slug: 'intro-to-data',
  title: 'Introduction to data',
  summary: 'Read a CSV file with Python, summarise it, then ask the same question in SQL.',
  exercises: [
    {
      id: 'intro-to-data-read-csv',
      title: 'Read the sales file',
      language: 'python',
      session: 'intro-to-data',
      prompt: [
        'A file called sales.csv is attached to this exercise. Run the code to read it with the csv module.',
        'Then change it to print only the rows from the north region.',
      ],
      code: `import csv

with open("sales.csv", newline="") as f:
    rows = list(csv.DictReader(f))

print(f"{len(rows)} sales")
total = sum(float(row["amount"]) for row in rows)
print(f"Total: {total:.2f}")`,
      files: { 'sales.csv': SALES_CSV },
    },
    {
      id: 'intro-to-data-by-region',
      title: 'Total by region',
      language: 'python',
      session: 'intro-to-data',
      prompt: [
        'This exercise shares a session with the previous one, so the rows are already loaded: run that one first.',
        'Group the sales by region and print each total, largest first.',
      ],
      code: `totals = {}
for row in rows:
    totals[row["region"]] = totals.get(row["region"], 0) + float(row["amount"])

for region, total in sorted(totals.items(), key=lambda item: -item[1]):
    print(f"{region:<6} {total:>7.2f}")`,
    },
    {
      id: 'intro-to-data-sql',
      title: 'The same question in SQL',
      language: 'sql',
      prompt: [
        'SQL answers the same question in one statement. Run it, then add a column with the number of sales.',
      ],
      code: `CREATE TABLE sales (region TEXT, product TEXT, amount REAL);
INSERT INTO sales VALUES
  ('north', 'notebook', 12.50), ('south', 'pen', 2.10), ('north', 'pen', 2.10),
  ('east', 'backpack', 39.90), ('south', 'notebook', 12.50), ('east', 'pen', 4.20),
  ('north', 'backpack', 39.90);

SELECT region, round(sum(amount), 2) AS total
FROM sales
GROUP BY region
ORDER BY total DESC;`,
    },
  ],
}

const talkingToTheReader: Lesson = {
  slug: 'talking-to-the-reader',
  title: 'Talking to the reader',
  summary: 'Ask for input while the program runs: a name, then an age, answered in the output.',
  exercises: [
    {
      id: 'talking-to-the-reader-name-and-age',
      title: 'Your name and age',
      language: 'python',
      prompt: [
        'input() stops the program and waits for you: a field appears in the output. Type an answer and press Enter.',
        'Run it, answer both questions, then change it to say how old you will be in ten years.',
      ],
      code: `name = input("What is your name? ")
age = int(input("How old are you? "))
print(f"Hello, {name}! Next year you will be {age + 1}.")`,
    },
  ],
}

/** Every lesson of the demo course, in order. */
export const LESSONS: readonly Lesson[] = [introToData, talkingToTheReader]

/** The lesson with this slug, or undefined. */
export function findLesson(slug: string): Lesson | undefined {
  return LESSONS.find((lesson) => lesson.slug === slug)
}
