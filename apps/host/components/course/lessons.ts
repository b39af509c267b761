import type { Language, RunCheck } from '@runcell/core'

/** One exercise of a lesson: a prompt and a runnable starting point, with a hidden check when it has one. */
export interface Exercise {
  id: string
  title: string
  language: Language
  /** What the learner is asked to do, as paragraphs. */
  prompt: string[]
  /** The starter code. */
  code: string
  session?: string
  files?: Record<string, string>
  /** The hidden check; exercises without one are plain runners. */
  check?: RunCheck
  hints?: string[]
  solution?: string
  /** Checks before the solution can be shown. */
  solutionAfterAttempts?: number
  /**
   * The id of an earlier exercise this one builds on: its solution (or starter) code runs as this one's hidden
   * setup, so the learner isn't told to run that one first.
   */
  dependsOn?: string
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

const READ_CSV = `import csv

with open("sales.csv", newline="") as f:
    rows = list(csv.DictReader(f))

print(f"{len(rows)} sales")
total = sum(float(row["amount"]) for row in rows)
print(f"Total: {total:.2f}")`

const SALES_TABLE = `CREATE TABLE sales (region TEXT, product TEXT, amount REAL);
INSERT INTO sales VALUES
  ('north', 'notebook', 12.50), ('south', 'pen', 2.10), ('north', 'pen', 2.10),
  ('east', 'backpack', 39.90), ('south', 'notebook', 12.50), ('east', 'pen', 4.20),
  ('north', 'backpack', 39.90);`

const JS_TOTAL = `function total(prices) {
  return prices.reduce((sum, price) => sum + price, 0)
}

console.log(total([2.5, 4, 1.5]))`

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
        'Then keep the rows from the north region in a list called north, and press Check.',
      ],
      code: READ_CSV,
      files: { 'sales.csv': SALES_CSV },
      check: {
        code: `assert "north" in ns, "Define a list called north."
assert isinstance(ns["north"], list), "north should be a list of rows."
assert len(ns["north"]) == 3, f"north should hold the 3 north rows, not {len(ns['north'])}."
assert all(row["region"] == "north" for row in ns["north"]), "Every row in north should be from the north region."`,
      },
      hints: [
        'Each row is a dictionary: row["region"] is its region.',
        'A list comprehension keeps the rows you want: [row for row in rows if ...].',
      ],
      solution: `${READ_CSV}

north = [row for row in rows if row["region"] == "north"]
print(f"{len(north)} sales in the north")`,
    },
    {
      id: 'intro-to-data-by-region',
      title: 'Total by region',
      language: 'python',
      dependsOn: 'intro-to-data-read-csv',
      files: { 'sales.csv': SALES_CSV },
      prompt: [
        'The rows from the previous exercise are already loaded: its solution runs before your code.',
        'This code adds up the sales per region. Change it to print the totals largest first.',
      ],
      code: `totals = {}
for row in rows:
    totals[row["region"]] = totals.get(row["region"], 0) + float(row["amount"])

for region, total in totals.items():
    print(f"{region:<6} {total:>7.2f}")`,
      check: {
        code: `assert round(ns["totals"]["north"], 2) == 54.5, "totals should still add up the sales per region."
order = [line.split()[0] for line in stdout.splitlines() if line.strip()]
assert order == ["north", "east", "south"], f"Print the largest total first: expected north, east, south; got {', '.join(order)}."`,
      },
      hints: [
        'sorted() takes a key function, and reverse=True puts the largest first.',
        'sorted(totals.items(), key=lambda item: item[1], reverse=True)',
      ],
      solution: `totals = {}
for row in rows:
    totals[row["region"]] = totals.get(row["region"], 0) + float(row["amount"])

for region, total in sorted(totals.items(), key=lambda item: -item[1]):
    print(f"{region:<6} {total:>7.2f}")`,
      solutionAfterAttempts: 1,
    },
    {
      id: 'intro-to-data-sql',
      title: 'The same question in SQL',
      language: 'sql',
      prompt: [
        'SQL answers the same question in one statement. Run it.',
        'Then change the query to list each region with its number of sales, in a column called sales.',
      ],
      code: `${SALES_TABLE}

SELECT region, round(sum(amount), 2) AS total
FROM sales
GROUP BY region
ORDER BY total DESC;`,
      check: {
        expect: {
          columns: ['region', 'sales'],
          rows: [
            ['north', 3],
            ['east', 2],
            ['south', 2],
          ],
          ordered: false,
        },
      },
      hints: ['count(*) counts the rows of each group.', 'Name a column with AS: count(*) AS sales.'],
      solution: `${SALES_TABLE}

SELECT region, count(*) AS sales
FROM sales
GROUP BY region;`,
    },
    {
      id: 'intro-to-data-sql-insert',
      title: 'A new region',
      language: 'sql',
      dependsOn: 'intro-to-data-sql',
      prompt: [
        'The sales table from the previous exercise is already there.',
        'A notebook (12.50) was sold in a new region, west. Add that sale to the table.',
      ],
      code: `-- Add the sale here, then run a query to see it.
SELECT * FROM sales WHERE region = 'west';`,
      check: {
        code: `SELECT count(*) = 1 AND max(product) = 'notebook' AND max(amount) = 12.5,
       'Insert exactly one west sale: a notebook for 12.50 (found ' || count(*) || ').'
FROM sales WHERE region = 'west';`,
      },
      hints: ["INSERT INTO sales VALUES ('region', 'product', amount);"],
      solution: `INSERT INTO sales VALUES ('west', 'notebook', 12.50);
SELECT * FROM sales WHERE region = 'west';`,
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

const javascriptFunctions: Lesson = {
  slug: 'javascript-functions',
  title: 'Functions in JavaScript',
  summary: 'Write a function that adds up prices, then one that builds on it.',
  exercises: [
    {
      id: 'javascript-functions-total',
      title: 'Add up the prices',
      language: 'javascript',
      prompt: [
        'Finish the function total so that it returns the sum of the prices it is given.',
        'An empty list adds up to 0.',
      ],
      code: `function total(prices) {
  // Add the prices up and return the sum.
}

console.log(total([2.5, 4, 1.5]))`,
      check: {
        code: `assert.equal(typeof ns.total, 'function', 'Define a function called total.')
assert.equal(ns.total([2.5, 4, 1.5]), 8, 'total([2.5, 4, 1.5]) should be 8.')
assert.equal(ns.total([]), 0, 'total([]) should be 0.')`,
      },
      hints: [
        'A for...of loop can add each price to a running sum.',
        'Or in one line: prices.reduce((sum, price) => sum + price, 0).',
      ],
      solution: JS_TOTAL,
    },
    {
      id: 'javascript-functions-with-tax',
      title: 'Add the tax',
      language: 'javascript',
      dependsOn: 'javascript-functions-total',
      prompt: [
        'total from the previous exercise is already defined: its solution runs before your code.',
        'Write withTax(prices, rate): the total plus tax at that rate. withTax([10, 20], 0.5) is 45.',
      ],
      code: `function withTax(prices, rate) {
  // Use total(prices) here.
}

console.log(withTax([10, 20], 0.5))`,
      check: {
        code: `assert.equal(typeof ns.withTax, 'function', 'Define a function called withTax.')
assert.equal(ns.withTax([10, 20], 0.5), 45, 'withTax([10, 20], 0.5) should be 45.')
assert.ok(Math.abs(ns.withTax([10, 20], 0.1) - 33) < 1e-9, 'withTax([10, 20], 0.1) should be 33.')`,
      },
      hints: ['The tax is total(prices) * rate; add it to the total.'],
      solution: `function withTax(prices, rate) {
  return total(prices) * (1 + rate)
}

console.log(withTax([10, 20], 0.5))`,
      solutionAfterAttempts: 1,
    },
  ],
}

/** Every lesson of the demo course, in order. */
export const LESSONS: readonly Lesson[] = [introToData, talkingToTheReader, javascriptFunctions]

/** The hidden setup of an exercise that builds on an earlier one: that one's solution, or its starter code. */
export function setupOf(exercise: Exercise): string | undefined {
  if (!exercise.dependsOn) return undefined
  const earlier = LESSONS.flatMap((lesson) => lesson.exercises).find((e) => e.id === exercise.dependsOn)
  if (!earlier)
    throw new Error(`Exercise ${exercise.id} depends on ${exercise.dependsOn}, which does not exist.`)
  return [setupOf(earlier), earlier.solution ?? earlier.code].filter(Boolean).join('\n\n')
}

/** The lesson with this slug, or undefined. */
export function findLesson(slug: string): Lesson | undefined {
  return LESSONS.find((lesson) => lesson.slug === slug)
}
