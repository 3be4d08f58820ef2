/**
 * The words of the demo data: names, places, and the sentences that participants' messages and
 * counsellors' replies are built from, in English and Japanese. All fictional. The concerns are
 * those JET participants bring to the service (isolation, the workplace, culture shock, health,
 * relationships, stress, family, identity, housing); a few messages are urgent in tone. Those are
 * written with care: feelings, never methods.
 *
 * Placeholders in braces are filled by ./demo: {place}, {role}, {aRole} ("an ALT"), {year},
 * {months}, {first}, {counsellor}.
 */
import type { Language } from './schema';

export const TOPICS = [
  'isolation',
  'workplace',
  'culture',
  'health',
  'relationships',
  'stress',
  'family',
  'identity',
  'housing',
] as const;
export type Topic = (typeof TOPICS)[number];

/** How often each topic comes up. */
export const TOPIC_WEIGHTS: readonly (readonly [Topic, number])[] = [
  ['isolation', 18],
  ['workplace', 18],
  ['culture', 12],
  ['health', 14],
  ['relationships', 11],
  ['stress', 14],
  ['family', 5],
  ['identity', 5],
  ['housing', 5],
];

export interface TopicText {
  subjects: readonly string[];
  /** What is happening. */
  situation: readonly string[];
  /** How it feels. */
  feelings: readonly string[];
  /** What they ask for. */
  asks: readonly string[];
  /** A counsellor's response to the topic. */
  responses: readonly string[];
}

export interface LanguageText {
  topics: Record<Topic, TopicText>;
  urgent: {
    subjects: readonly string[];
    sentences: readonly string[];
    response: readonly string[];
  };
  greetings: readonly string[];
  /** Greeting when the participant asked for a counsellor. */
  namedGreetings: readonly string[];
  intros: readonly string[];
  closings: readonly string[];
  extraNote: readonly string[];
  followUpOpenings: readonly string[];
  followUpUpdates: readonly string[];
  replyGreetings: readonly string[];
  /** The first words of a first reply. */
  replyFirstLines: readonly string[];
  replyInvitations: readonly string[];
  replyFollowUp: readonly string[];
  replyClosings: readonly string[];
  places: readonly string[];
  years: readonly string[];
  /** The prefix of a subject in a reply or follow-up. */
  re: string;
  /** Between sentences of one paragraph. */
  space: string;
  emoji: readonly string[];
}

const EN: LanguageText = {
  topics: {
    isolation: {
      subjects: [
        'Feeling really lonely',
        'Hard to make friends here',
        'Nobody to talk to',
        'Isolated in my placement',
        'Weekends are the worst',
        'The winter is getting to me',
      ],
      situation: [
        "As far as I know, I'm the only foreigner in my town.",
        "The nearest other JET is about an hour away by car, and I don't have a car.",
        "During the week I'm fine because I'm busy at school, but the weekends feel endless.",
        "I joined the local taiko group, but I can't follow the conversation afterwards, so I mostly sit quietly.",
        'My friends back home are asleep when I am free, so I end up scrolling on my phone until late.',
        'Some days the only thing I say out loud is good morning in the staff room.',
        "Since it started getting dark at five, I've noticed I hardly leave my apartment.",
        "I used to be a really social person and I don't recognise myself lately.",
      ],
      feelings: [
        "I feel invisible, and I'm starting to wonder if coming here was a mistake.",
        'I know it sounds silly, but I cried in the supermarket car park last week.',
        "I'm not sure if this is normal or if I should be worried about myself.",
        "I keep telling everyone at home that I'm having a great time, which makes it worse.",
      ],
      asks: [
        'Do you have any advice on meeting people in a small town?',
        "I think I'd just like to talk to someone about it.",
        'Would it be possible to book a video session to talk this through?',
      ],
      responses: [
        'What you describe is very common among participants in rural placements, especially in the first winter, and it says nothing about your worth.',
        'It might help to plan one small thing each weekend that involves other people, even briefly: a class at the community centre, a regular café, a call with another JET at a fixed time.',
        'Your Prefectural Advisor may know of events that bring JETs in your area together.',
        'Loneliness tends to make us withdraw, which then makes it worse; small, regular contact is often the way back.',
      ],
    },
    workplace: {
      subjects: [
        'Problems with my JTE',
        'Not sure what my role is at school',
        'Tension with my supervisor',
        'Asked to work at weekends',
        'Feeling ignored in the staff room',
        'Conflict at my base school',
      ],
      situation: [
        "One of the JTEs I work with has stopped speaking to me, and I don't know what I did.",
        'In class I am used as a human tape recorder: I read the vocabulary list and then sit at the back.',
        'My supervisor told me I am expected at the sports day and the town festival, both at weekends, without any time off in lieu.',
        "When I suggested an activity, the teacher laughed and said 'this is Japan', and the staff room went quiet.",
        'I was told off in front of the whole staff room for leaving at my contracted time.',
        "There's a lot of drinking at the enkai and I feel pressured, even though I don't drink.",
        'My schedule keeps changing the day before and nobody tells me.',
        'I visit five schools and at most of them nobody knows my name.',
      ],
      feelings: [
        'I dread going in on Mondays now.',
        "I feel like I'm failing at the one thing I came here to do.",
        "I don't want to make things worse by complaining, but I can't keep going like this.",
        "I'm anxious that raising it will affect my recontracting.",
      ],
      asks: [
        'How do I bring this up without causing a problem?',
        'Should I talk to my PA or to my supervisor about it?',
        'I would appreciate any advice on how to handle it.',
      ],
      responses: [
        'It sounds like a difficult situation, and it makes sense that you feel unsettled.',
        'It can help to note specific examples with dates before talking to anyone, so that the conversation stays on facts rather than feelings.',
        'Your Prefectural Advisor is there for exactly this kind of workplace question, and you can ask them to keep the conversation confidential.',
        'Differences in how schools expect ALTs to work are common, and they are rarely personal, even when they feel that way.',
      ],
    },
    culture: {
      subjects: [
        'Culture shock?',
        'Everything feels harder than it should',
        'Struggling with Japanese',
        'Homesick',
        'Small things are getting to me',
      ],
      situation: [
        "I've been here {months} months now and the honeymoon period is definitely over.",
        'Everything takes three times as long: the bank, the city office, even buying the right rubbish bags.',
        'I sorted my rubbish wrong again and a neighbour left a note on my door.',
        "I studied Japanese for two years, but I still can't follow people at normal speed.",
        "People are very kind, but I feel like I'm always a guest and never part of anything.",
        'I miss simple things, like the food from home and being able to read a menu.',
        "Small things irritate me that I know aren't a big deal, and then I feel guilty.",
      ],
      feelings: [
        'I feel tired all the time, even when I sleep enough.',
        "I'm embarrassed that it bothers me so much.",
        'Some days I just want to go home.',
      ],
      asks: [
        'Is this normal, and does it get better?',
        'Any tips for getting through the next few months?',
      ],
      responses: [
        'What you describe is a very recognisable stage of adjustment, and it usually eases with time.',
        'Be kind to yourself about the small frustrations; they show how much you are taking in every day.',
        'Keeping a few routines from home, and one or two things that are just for you, can make a real difference.',
      ],
    },
    health: {
      subjects: [
        "Can't sleep",
        'Anxiety and panic attacks',
        'Finding an English-speaking doctor',
        'Not eating properly',
        'Worried about my health',
        'Feeling low for weeks',
      ],
      situation: [
        "I've been sleeping about four hours a night for the past month.",
        "Last week I had what I think was a panic attack on the train: my heart was racing and I couldn't breathe.",
        "I took medication for anxiety back home and I'm not sure how to get a prescription here.",
        "The nearest hospital only has Japanese-speaking doctors and I'm afraid I won't be able to explain.",
        "I've lost my appetite and quite a lot of weight since the summer.",
        "I get headaches most afternoons and I'm exhausted by the end of the school day.",
        "My mood has been low for a few weeks now and I've stopped doing things I enjoy.",
      ],
      feelings: [
        "I'm scared that something is wrong with me.",
        "I don't want my school to find out, because they might think I can't do the job.",
        "It's affecting my work and I don't know how long I can hide it.",
      ],
      asks: [
        'Could you tell me how to find a doctor or a counsellor who speaks English?',
        'Is there anything I can do myself while I wait for an appointment?',
        'What would you suggest?',
      ],
      responses: [
        'Thank you for telling me; sleep and mood are closely linked, and both deserve attention.',
        "Many areas have clinics with English-speaking staff; your Prefectural Advisor or the prefecture's international association can help you find one.",
        'In the meantime, regular hours, daylight in the morning and fewer screens late at night may help a little.',
        "Seeing a doctor is not a sign that you can't do your job; it is looking after the person who does it.",
      ],
    },
    relationships: {
      subjects: [
        'Long-distance relationship',
        'Going through a breakup',
        'Problems with my partner',
        'Drama in the JET group',
        'Dating in Japan',
      ],
      situation: [
        'My partner is back home and with the time difference we only talk for half an hour on Sundays.',
        'We broke up last week over a video call, after three years together.',
        "My partner moved here with me, but they can't find work, they're unhappy, and we argue every night.",
        "There's a falling-out in our prefecture's JET group and I'm caught in the middle.",
        "I've been seeing someone local, and their family doesn't approve of me.",
        "My best friend here is leaving at the end of the contract and I'm dreading it.",
      ],
      feelings: [
        "I can't concentrate at school and I keep checking my phone.",
        "I feel like I've lost the one person who understood me.",
        "I don't know whether to stay another year or go home for them.",
      ],
      asks: [
        "I'd like some help thinking it through.",
        'How do I handle this when I am so far from everyone?',
      ],
      responses: [
        'A relationship under strain from far away is especially hard, because you cannot do the ordinary things that usually help.',
        'It may help to give yourself some time before big decisions about staying or leaving.',
        'Leaning on the people around you, even those you are not close to yet, is not a burden to them.',
      ],
    },
    stress: {
      subjects: [
        'Recontracting decision',
        'Overwhelmed',
        'Burnt out',
        'Too much on my plate',
        'Speech contest stress',
      ],
      situation: [
        "The recontracting deadline is coming up and I honestly don't know whether to stay.",
        "I'm coaching three students for the speech contest on top of my classes, and I'm at school until eight most nights.",
        'I have student loans at home and sending money back every month makes me very anxious.',
        'Everything is piling up: lesson plans, the English camp, my visa paperwork.',
        "I can't switch off. Even at weekends I'm thinking about school.",
        "My base school asked me to take on the English club as well, and I didn't feel I could say no.",
      ],
      feelings: [
        "I feel like I'm running on empty.",
        'I snapped at a student last week and I feel terrible about it.',
        'I used to love teaching and now I feel nothing.',
      ],
      asks: [
        'How can I decide without regretting it?',
        'How do I set limits at work without seeming rude?',
      ],
      responses: [
        'It sounds like you have been carrying a lot for a long time.',
        'It may help to list what you are being asked to do, and agree with your supervisor what can wait.',
        'About recontracting: there is no right answer, only the one that fits your situation, and we could look at it together.',
      ],
    },
    family: {
      subjects: ['Family emergency at home', 'My grandmother is ill', 'Grief', "Can't go home"],
      situation: [
        'My grandmother is in hospital back home and my family says it might be serious.',
        'My father passed away in the summer and I came back to Japan a week after the funeral.',
        'My parents are divorcing and my younger brother keeps calling me in tears.',
        "I can't afford a flight home and I don't have enough annual leave left.",
        'My mother has been diagnosed with cancer and I feel I should be there.',
      ],
      feelings: [
        'I feel guilty for being so far away.',
        'At school I act like everything is normal, and then I fall apart when I get home.',
        "I don't think I have grieved properly.",
      ],
      asks: ['Can you help me work out what to do?', 'Could we talk about it?'],
      responses: [
        'I am very sorry about what your family is going through.',
        'Being far away at a time like this is one of the hardest parts of living abroad, and guilt is a very common response.',
        'Your contracting organisation may be able to grant special leave; your Prefectural Advisor can help you ask.',
      ],
    },
    identity: {
      subjects: [
        'Being treated differently',
        'Comments about my appearance',
        'Feeling like an outsider',
        'Microaggressions at work',
      ],
      situation: [
        'Students touch my hair and comment on my skin every day, and the teachers laugh along.',
        "People on the train move away from me, and I've started to take it personally.",
        "Because I'm Asian-American, some parents assume I'm not a 'real' English teacher.",
        "I'm asked constantly when I'm going home, even though I've lived here for two years.",
        "I'm not out at work and some comments in the staff room make me uncomfortable.",
      ],
      feelings: [
        'Each thing is small on its own, but it adds up.',
        "I'm tired of explaining myself.",
        "I don't want to seem oversensitive.",
      ],
      asks: [
        'How can I deal with this without losing my temper?',
        'Is there anything I can do at school?',
      ],
      responses: [
        'You should not have to put up with comments like these, and you are not being oversensitive.',
        'It may help to talk with your supervisor or Prefectural Advisor about how the school responds when it happens.',
        'Connecting with others who share your experience can also be a real support.',
      ],
    },
    housing: {
      subjects: [
        'Problems with my apartment',
        'Mould and cold',
        'Noise from my neighbours',
        'Housing and my contract',
      ],
      situation: [
        "My apartment has black mould on the walls and it's getting worse.",
        "It's so cold in winter that I can see my breath inside, and the heating bill is huge.",
        'My neighbour bangs on the wall whenever I make any noise, even at seven in the evening.',
        "My predecessor left the apartment full of their things and the school says it's my problem.",
        'My supervisor has a key to my apartment and came in while I was out.',
      ],
      feelings: [
        "I don't feel safe or comfortable in my own home.",
        'I dread going home after school.',
      ],
      asks: ['What are my options?', 'Who should I talk to about this?'],
      responses: [
        'Nobody should feel unsafe or uncomfortable in their own home.',
        'Housing is usually arranged by your contracting organisation, so your supervisor is the first person to raise this with, and your Prefectural Advisor can support you.',
        'No one should enter your apartment without your permission.',
      ],
    },
  },
  urgent: {
    subjects: [
      "I don't know what to do anymore",
      'Please help',
      "I can't keep going like this",
      'Everything feels hopeless',
    ],
    sentences: [
      "I've been feeling hopeless for weeks and it's getting worse, not better.",
      "Lately I've been thinking that everyone would be better off without me.",
      "Some nights I think about hurting myself. I haven't done anything, but the thoughts scare me.",
      "I don't see a way forward and I can't imagine feeling better.",
      "I haven't told anyone here, and I don't know who else to write to.",
      'I keep thinking about not waking up, and it frightens me how calm I feel about it.',
    ],
    response: [
      "Thank you for trusting us with how you are feeling. I'm very concerned about you, and I'm glad you wrote.",
      'If you feel you might act on these thoughts, or you are in danger now, please call 119 or go to the nearest hospital emergency department right away.',
      'You do not have to go through this alone. I would like to talk with you as soon as possible: I have kept a video counselling slot free for tomorrow, and you can book it on My Page.',
      'If you can, please also tell someone near you whom you trust how you are feeling.',
    ],
  },
  greetings: ['Hello,', 'Hi,', 'Dear counsellor,', 'Hello there,', 'Good evening,'],
  namedGreetings: ['Dear {counsellor},', 'Hello {counsellor},', 'Hi {counsellor},'],
  intros: [
    "I'm a {year} {role} in {place}.",
    "I'm {aRole} in {place}.",
    "I've been {aRole} in {place} for {months} months.",
    "I'm {aRole} placed in {place}.",
  ],
  closings: [
    'Thank you for reading.',
    'Thank you for your time.',
    'Sorry for the long message.',
    'Thanks in advance.',
    'Thank you for listening.',
  ],
  extraNote: [
    'Sorry, I forgot to mention something in my last message.',
    'One more thing I should have said before:',
    'Sorry to write again before you have answered.',
  ],
  followUpOpenings: [
    'Thank you for your reply.',
    'Thank you so much for getting back to me.',
    'Sorry to write again.',
    'Thanks for your message.',
  ],
  followUpUpdates: [
    'I tried what you suggested and it helped a little.',
    'I talked to my supervisor, and it went better than I expected.',
    'Things are still hard, but I feel less alone knowing someone read my message.',
    'Unfortunately things have got worse since I last wrote.',
    "I've booked a session for next week.",
    "I have one more question, if that's all right.",
    'It has been a better week, mostly.',
  ],
  replyGreetings: ['Dear {first},', 'Hello {first},'],
  replyFirstLines: [
    'Thank you for writing to us, and for telling me what has been happening.',
    'Thank you for your message. It took courage to put all of this into words.',
    "I'm glad you reached out.",
    'Thank you for getting in touch.',
  ],
  replyInvitations: [
    'If you would like to talk it through, you can book a video counselling session with me on My Page.',
    "Please write again whenever you like; I'll be here.",
    'If it would help, we could look at this together in a video session.',
  ],
  replyFollowUp: [
    'Thank you for letting me know how things are going.',
    "It's good to hear from you again.",
    'Thank you for the update, and for your question.',
  ],
  replyClosings: [
    'Warm regards,\n{counsellor}',
    'Take care,\n{counsellor}',
    'With best wishes,\n{counsellor}',
  ],
  places: [
    'a small town in Akita',
    'a village in rural Shimane',
    'a city in Fukuoka',
    'an island off Nagasaki',
    'a mountain town in Nagano',
    'a fishing town in Iwate',
    'a suburb of Osaka',
    'a town in eastern Hokkaido',
    'a city in Niigata',
    'a rural part of Kochi',
    'a town in Miyazaki',
    'a village in Gifu',
    'a town in Tottori',
    'a city in Okayama',
  ],
  years: ['first-year', 'second-year', 'third-year', 'fourth-year', 'fifth-year'],
  re: 'Re: ',
  space: ' ',
  emoji: [' 🙂', ' 😔', ' 🙏', ' 😅', ' 🌸'],
};

const JA: LanguageText = {
  topics: {
    isolation: {
      subjects: [
        '孤独を感じています',
        '町に友達がいません',
        '週末がつらいです',
        '冬になって気分が落ち込みます',
      ],
      situation: [
        '町で外国人は私一人だけだと思います。',
        '一番近いJETの仲間まで車で一時間かかり、車も持っていません。',
        '平日は仕事で忙しいので大丈夫ですが、週末がとても長く感じます。',
        '地域のサークルに参加してみましたが、会話についていけず、いつも黙って座っています。',
        '国の友達とは時差があって、話せる時間がほとんどありません。',
        '一日中、職場で「おはようございます」と言うだけの日もあります。',
        '日が短くなってから、ほとんど部屋から出なくなりました。',
      ],
      feelings: [
        '自分が透明人間になったような気がします。',
        'ここに来たのは間違いだったのかと思い始めています。',
        'これが普通なのか、心配したほうがいいのか分かりません。',
      ],
      asks: [
        '小さな町で人と知り合うためのアドバイスがあれば教えてください。',
        'ただ誰かに話を聞いてほしいのだと思います。',
        'ビデオ相談を予約することはできますか。',
      ],
      responses: [
        'おっしゃっていることは、地方に配属された参加者の多くが、特に最初の冬に経験することです。あなたの価値とは関係ありません。',
        '週末に一つだけ、人と関わる小さな予定を入れてみるのもよいかもしれません。公民館の教室や、決まった時間の友人との電話などです。',
        'プリフェクチュラル・アドバイザーが、近くのJETが集まる機会を知っているかもしれません。',
      ],
    },
    workplace: {
      subjects: [
        '職場の人間関係について',
        '担当者との関係で悩んでいます',
        '休日出勤について',
        '職場で孤立しています',
        '仕事の役割が分かりません',
      ],
      situation: [
        '一緒に働いている先生が最近、私と話してくれなくなりました。理由が分かりません。',
        'CIRとして採用されましたが、毎日コピーなどの雑用ばかりで、翻訳の仕事はほとんどありません。',
        '担当者から、週末の町のイベントにも出るように言われましたが、代休はないそうです。',
        '定時に帰ろうとしたら、職場のみんなの前で注意されました。',
        '飲み会でお酒を強く勧められて、断るのがつらいです。',
        '前日になって急に予定が変わることが多く、誰も教えてくれません。',
      ],
      feelings: [
        '月曜日に出勤するのが怖くなってきました。',
        '文句を言って関係を悪くしたくないのですが、このままでは続けられそうにありません。',
        '再任用に影響するのではないかと不安です。',
      ],
      asks: [
        '問題を起こさずに相談するにはどうすればいいでしょうか。',
        'プリフェクチュラル・アドバイザーに相談すべきでしょうか。',
        'アドバイスをいただけるとありがたいです。',
      ],
      responses: [
        '難しい状況ですね。落ち着かない気持ちになるのは当然だと思います。',
        '誰かに相談する前に、具体的な出来事を日付と一緒に書き留めておくと、事実に基づいて話しやすくなります。',
        'プリフェクチュラル・アドバイザーは、まさにこのような職場の悩みのための相談先です。内容を内密にしてほしいと伝えることもできます。',
      ],
    },
    culture: {
      subjects: [
        'カルチャーショックでしょうか',
        '日本語が上達しなくて',
        'ホームシックです',
        '小さなことが気になります',
      ],
      situation: [
        '来日して{months}か月が経ち、最初の楽しい時期は終わったようです。',
        '銀行や役所の手続きに、思っていた何倍も時間がかかります。',
        'ごみの分別を間違えて、近所の人にドアに注意書きを貼られました。',
        '日本語を何年も勉強してきたのに、会議での話についていけません。',
        'みなさん親切ですが、いつまでもお客さんのままのような気がします。',
        '国の食べ物や、家族との何でもない会話が恋しいです。',
      ],
      feelings: [
        '十分寝ていても、いつも疲れています。',
        'こんなことで落ち込む自分が恥ずかしいです。',
        '国に帰りたいと思う日があります。',
      ],
      asks: [
        'これは普通のことでしょうか。いつか楽になりますか。',
        'これからの数か月を乗り切るコツがあれば教えてください。',
      ],
      responses: [
        'お書きになっていることは、新しい環境に慣れていく過程でよく見られる段階で、多くの場合、時間とともに和らいでいきます。',
        '小さなことでいらいらしてしまう自分を責めないでください。それだけ毎日たくさんのことを受け止めているということです。',
        '国での習慣をいくつか続けたり、自分のためだけの時間を持ったりすることが、大きな助けになることがあります。',
      ],
    },
    health: {
      subjects: [
        '眠れません',
        '不安とパニックについて',
        '病院の探し方',
        '食欲がありません',
        '気分の落ち込みが続いています',
      ],
      situation: [
        'この一か月、夜は四時間ほどしか眠れていません。',
        '先週、電車の中で急に胸がどきどきして、息ができなくなりました。パニック発作だと思います。',
        '国では不安症の薬を飲んでいましたが、日本でどうやって処方してもらえばいいのか分かりません。',
        '夏から食欲がなく、体重がかなり減りました。',
        'ほぼ毎日午後に頭痛があり、仕事が終わるころにはくたくたです。',
        '数週間前から気分が沈んだままで、好きだったことをする気になりません。',
      ],
      feelings: [
        '自分のどこかがおかしいのではないかと怖いです。',
        '職場に知られたら、仕事ができないと思われそうで心配です。',
        '仕事にも影響が出ていて、いつまで隠せるか分かりません。',
      ],
      asks: [
        '相談できる病院やカウンセラーの探し方を教えていただけますか。',
        '予約までの間に自分でできることはありますか。',
      ],
      responses: [
        '教えてくださってありがとうございます。睡眠と気分は深く関係していて、どちらも大切にする必要があります。',
        '外国語で対応できる医療機関を探すときは、プリフェクチュラル・アドバイザーや県の国際交流協会に相談すると教えてもらえることがあります。',
        'それまでの間、決まった時間に寝起きし、朝に日の光を浴び、夜遅くの画面を控えることが少し助けになるかもしれません。',
      ],
    },
    relationships: {
      subjects: ['遠距離恋愛について', '失恋しました', 'パートナーとの関係', 'JET仲間との人間関係'],
      situation: [
        '恋人は国にいて、時差のため日曜日に三十分しか話せません。',
        '三年付き合った恋人と、先週ビデオ通話で別れました。',
        'パートナーが一緒に来日しましたが、仕事が見つからず、毎晩けんかになります。',
        '県内のJETのグループでもめごとがあり、私は板ばさみになっています。',
        '日本人の恋人がいますが、相手の家族に反対されています。',
      ],
      feelings: [
        '仕事中も集中できず、ずっと携帯を見てしまいます。',
        '分かってくれる人を失ってしまった気がします。',
        'もう一年残るか、帰国するか迷っています。',
      ],
      asks: [
        '一緒に考えていただけるとうれしいです。',
        '家族や友達から遠く離れた場所で、どう向き合えばいいでしょうか。',
      ],
      responses: [
        '遠く離れた場所で関係が揺らぐのは、普段なら助けになることができない分、特につらいものです。',
        '残るか帰るかといった大きな決断は、少し時間をおいてからでもよいかもしれません。',
        '周りの人を頼ることは、まだ親しくない相手であっても、負担をかけることではありません。',
      ],
    },
    stress: {
      subjects: [
        '再任用について悩んでいます',
        'ストレスが限界です',
        '燃え尽きてしまいました',
        '仕事が多すぎます',
      ],
      situation: [
        '再任用の締め切りが近づいていますが、残るかどうか決められません。',
        '通常の仕事に加えて、翻訳と国際交流イベントの準備があり、毎晩遅くまで残っています。',
        '国の奨学金の返済のために毎月送金していて、お金のことがとても不安です。',
        '休みの日も仕事のことが頭から離れません。',
        '英語クラブの担当も頼まれ、断れませんでした。',
      ],
      feelings: [
        'もう余力が残っていない感じです。',
        '先週、生徒にきつく当たってしまい、自己嫌悪でいっぱいです。',
        '前は仕事が大好きだったのに、今は何も感じません。',
      ],
      asks: [
        '後悔しないように決めるにはどうすればいいでしょうか。',
        '失礼にならずに仕事の量を調整するにはどうしたらいいですか。',
      ],
      responses: [
        '長い間、たくさんのことを一人で抱えてこられたのですね。',
        '頼まれている仕事を書き出して、何を後回しにできるか担当者と相談してみるのもよいかもしれません。',
        '再任用については、正解はありません。あなたの状況に合った答えを、一緒に考えることができます。',
      ],
    },
    family: {
      subjects: [
        '家族の病気について',
        '祖母が入院しました',
        '家族を亡くしました',
        '帰国できません',
      ],
      situation: [
        '国の祖母が入院し、家族から深刻かもしれないと言われました。',
        '夏に父が亡くなり、葬儀の一週間後に日本に戻ってきました。',
        '両親が離婚することになり、弟が泣きながら電話をしてきます。',
        '帰国する航空券を買う余裕がなく、年休もほとんど残っていません。',
      ],
      feelings: [
        '遠くにいることに罪悪感があります。',
        '職場では普通にふるまっていますが、家に帰ると涙が止まりません。',
      ],
      asks: ['どうすればいいか一緒に考えていただけますか。', 'お話しする時間をいただけますか。'],
      responses: [
        'ご家族の状況、本当におつらいことと思います。',
        'このようなときに遠く離れていることは、海外で暮らすうえで最もつらいことの一つで、罪悪感を抱くのはとても自然なことです。',
        '任用団体によっては特別休暇が認められる場合があります。プリフェクチュラル・アドバイザーに相談してみてください。',
      ],
    },
    identity: {
      subjects: ['周りの目が気になります', '外見についての発言', 'よそ者だと感じます'],
      situation: [
        '毎日のように、生徒に髪や肌のことを言われ、先生たちも笑っています。',
        '電車で隣の席が空いたままになることが多く、気にするようになりました。',
        '日本に住んで三年になりますが、「いつ国に帰るの」と何度も聞かれます。',
        '出身国を言うと、態度が変わる人がいます。',
      ],
      feelings: [
        '一つ一つは小さなことですが、積み重なるとつらいです。',
        '説明するのに疲れました。',
      ],
      asks: ['怒らずに対応するにはどうすればいいでしょうか。', '職場でできることはありますか。'],
      responses: [
        'そのような言葉を我慢しなければならない理由はありませんし、気にしすぎということもありません。',
        '起きたときに職場としてどう対応するか、担当者やプリフェクチュラル・アドバイザーと話してみるのもよいと思います。',
        '同じような経験を持つ人とつながることも、大きな支えになります。',
      ],
    },
    housing: {
      subjects: ['住まいの問題', 'カビと寒さについて', '近所の騒音', 'アパートのこと'],
      situation: [
        'アパートの壁に黒いカビが広がっています。',
        '冬は部屋の中でも息が白くなるほど寒く、暖房費がとても高いです。',
        '少しでも音を立てると、隣の人に壁をたたかれます。',
        '担当者が合鍵を持っていて、私の留守中に部屋に入っていました。',
      ],
      feelings: ['自分の家なのに落ち着けません。', '仕事の後、家に帰るのが憂うつです。'],
      asks: ['どんな選択肢がありますか。', '誰に相談すればいいでしょうか。'],
      responses: [
        '自分の家で安心できないのは、とてもつらいことです。',
        '住まいは任用団体が用意している場合が多いので、まず担当者に相談し、プリフェクチュラル・アドバイザーにも支えてもらうとよいでしょう。',
        'あなたの許可なく部屋に入ることは、誰であっても許されることではありません。',
      ],
    },
  },
  urgent: {
    subjects: ['もう限界です', '助けてください', 'どうしたらいいか分かりません'],
    sentences: [
      '何週間も希望を持てない気持ちが続いていて、だんだんひどくなっています。',
      '最近、自分がいないほうがみんなのためになるのではと考えてしまいます。',
      '消えてしまいたいと思う夜があります。',
      '自分を傷つけたいという考えが浮かぶことがあります。まだ何もしていませんが、自分でも怖いです。',
      'ここでは誰にも話していなくて、他にどこに連絡すればいいのか分かりません。',
    ],
    response: [
      '今の気持ちを打ち明けてくださって、ありがとうございます。とても心配しています。連絡をくださって本当によかったです。',
      'もしこの気持ちのままに行動してしまいそうなときや、今危険を感じているときは、すぐに119番に電話するか、近くの病院の救急外来を受診してください。',
      '一人で抱え込まなくて大丈夫です。できるだけ早くお話ししたいと思います。明日のビデオ相談の枠を空けてありますので、マイページから予約してください。',
      '24時間つながる電話相談窓口（よりそいホットラインなど）もあります。身近な信頼できる人にも、今の気持ちを伝えてみてください。',
    ],
  },
  greetings: ['こんにちは。', 'はじめまして。', 'こんばんは。', 'いつもお世話になっております。'],
  namedGreetings: ['{counsellor}先生', '{counsellor}さん、こんにちは。'],
  intros: [
    '{place}で{role}をしています。{year}です。',
    '{place}で{role}として働いています。',
    '{role}として{place}に住んで{months}か月になります。',
  ],
  closings: [
    '読んでいただき、ありがとうございました。',
    '長くなってしまい、すみません。',
    'よろしくお願いいたします。',
    'お返事をお待ちしています。',
  ],
  extraNote: [
    '先ほどのメッセージで書き忘れたことがあります。',
    'お返事の前に、もう一つ付け加えさせてください。',
  ],
  followUpOpenings: [
    'お返事ありがとうございました。',
    'ご丁寧なお返事をありがとうございます。',
    'たびたびすみません。',
  ],
  followUpUpdates: [
    'アドバイスいただいたことを試してみたら、少し楽になりました。',
    '担当者に話してみたところ、思っていたよりうまくいきました。',
    'まだつらいですが、読んでもらえたと思うだけで少し気持ちが軽くなりました。',
    '前回のメッセージの後、状況が悪くなってしまいました。',
    '来週のビデオ相談を予約しました。',
    'もう一つ質問してもいいでしょうか。',
  ],
  replyGreetings: ['{first}さん'],
  replyFirstLines: [
    'ご相談いただき、ありがとうございます。',
    'メッセージをありがとうございます。ここまで書くのは勇気がいったことと思います。',
    'ご連絡くださってありがとうございます。',
  ],
  replyInvitations: [
    'もしよければ、マイページからビデオ相談を予約して、一緒にお話ししましょう。',
    'いつでもまたメッセージをお送りください。',
  ],
  replyFollowUp: [
    'その後の様子を教えてくださって、ありがとうございます。',
    'またご連絡いただけてうれしいです。',
  ],
  replyClosings: [
    'どうぞお大事になさってください。\n{counsellor}',
    'また何かあれば、いつでもご連絡ください。\n{counsellor}',
    '{counsellor}',
  ],
  places: [
    '秋田県の小さな町',
    '島根県の山間の村',
    '福岡県の市',
    '長崎県の離島',
    '長野県の山あいの町',
    '岩手県の漁師町',
    '大阪府の郊外',
    '北海道東部の町',
    '新潟県の市',
    '高知県の田舎',
    '宮崎県の町',
    '岐阜県の村',
  ],
  years: ['一年目', '二年目', '三年目', '四年目', '五年目'],
  re: 'Re: ',
  space: '',
  emoji: ['😢', '🙇', '（笑）', '🙏'],
};

export const TEXT: Record<Language, LanguageText> = { en: EN, ja: JA };

export const ROLES: readonly (readonly [string, number])[] = [
  ['ALT', 88],
  ['CIR', 10],
  ['SEA', 2],
];

/** Given names and family names that go together; `familyFirst` for names written family first. */
export interface NamePool {
  givens: readonly string[];
  families: readonly string[];
  familyFirst: boolean;
  /** Languages the participant writes in, with weights. */
  languages: readonly (readonly [Language, number])[];
}

export const NAME_POOLS: readonly (readonly [NamePool, number])[] = [
  [
    {
      givens: [
        'Emily',
        'Jacob',
        'Madison',
        'Tyler',
        'Hannah',
        'Marcus',
        'Olivia',
        'Brandon',
        'Kayla',
        'Devon',
      ],
      families: [
        'Johnson',
        'Miller',
        'Garcia',
        'Nguyen',
        'Robinson',
        'Walker',
        'Hernandez',
        'Brooks',
        'Kowalski',
      ],
      familyFirst: false,
      languages: [
        ['en', 95],
        ['ja', 5],
      ],
    },
    30,
  ],
  [
    {
      givens: ['Charlotte', 'Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Freya', 'Callum'],
      families: ['Smith', 'Taylor', 'Evans', 'Patel', 'Hughes', 'Murray', 'Campbell', 'Ahmed'],
      familyFirst: false,
      languages: [['en', 1]],
    },
    14,
  ],
  [
    {
      givens: ['Siobhán', 'Cian', 'Aoife', 'Niamh', 'Darragh'],
      families: ["O'Brien", 'Murphy', 'Kelly', 'Byrne', 'Doyle'],
      familyFirst: false,
      languages: [['en', 1]],
    },
    4,
  ],
  [
    {
      givens: ['Liam', 'Chloé', 'Ethan', 'Avery', 'Noah', 'Mackenzie'],
      families: ['Tremblay', 'MacDonald', 'Wong', 'Singh', 'Roy', 'Anderson'],
      familyFirst: false,
      languages: [
        ['en', 9],
        ['ja', 1],
      ],
    },
    10,
  ],
  [
    {
      givens: ['Jack', 'Matilda', 'Lachlan', 'Zoe', 'Kiri', 'Mia', 'Tane', 'Ruby'],
      families: ['Wilson', 'Thompson', 'Ngata', 'White', 'Martin', 'Clarke', 'Tupou'],
      familyFirst: false,
      languages: [
        ['en', 9],
        ['ja', 1],
      ],
    },
    10,
  ],
  [
    {
      givens: ['Thabo', 'Naledi', 'Shanice', 'Andre', 'Tamara', 'Kwame', 'Chidi', 'Ayanna'],
      families: ['Nkosi', 'Mokoena', 'Campbell', 'Williams', 'Mensah', 'Okafor', 'Baptiste'],
      familyFirst: false,
      languages: [['en', 1]],
    },
    7,
  ],
  [
    {
      givens: ['Maria', 'Joshua', 'Aisha', 'Rahul', 'Priya', 'Wei Ling', 'Paolo'],
      families: ['Santos', 'Reyes', 'Tan', 'Sharma', 'Menon', 'Lim', 'Cruz'],
      familyFirst: false,
      languages: [
        ['en', 85],
        ['ja', 15],
      ],
    },
    9,
  ],
  [
    {
      givens: ['Min-jun', 'Ji-woo', 'Seo-yeon', 'Ha-eun', 'Do-hyun'],
      families: ['Kim', 'Lee', 'Park', 'Choi', 'Jung'],
      familyFirst: true,
      languages: [
        ['ja', 7],
        ['en', 3],
      ],
    },
    5,
  ],
  [
    {
      givens: ['Fang', 'Wei', 'Yuting', 'Hao', 'Xiaoyu', 'Jing'],
      families: ['Wang', 'Li', 'Zhang', 'Chen', 'Liu', 'Huang'],
      familyFirst: true,
      languages: [
        ['ja', 8],
        ['en', 2],
      ],
    },
    5,
  ],
  [
    {
      givens: ['Lucas', 'Ana', 'Emily', 'Kenji', 'Sofia', 'Daniel', 'Erika'],
      families: ['Tanaka', 'Yamamoto', 'Suzuki', 'Nakamura', 'Oshiro', 'Higa'],
      familyFirst: false,
      languages: [
        ['ja', 6],
        ['en', 4],
      ],
    },
    4,
  ],
  [
    {
      givens: ['Lena', 'Mathieu', 'Julia', 'Tomás', 'Camille', 'Jonas'],
      families: ['Schneider', 'Dubois', 'Rossi', 'García', 'Novak', 'Lindqvist'],
      familyFirst: false,
      languages: [
        ['en', 7],
        ['ja', 3],
      ],
    },
    2,
  ],
];

export interface DemoCounsellorProfile {
  id: string;
  name: string;
  /** How a reply is signed, and how a participant addresses them. */
  signature: string;
  address: Record<Language, string>;
  languages: readonly Language[];
}

export const DEMO_COUNSELLORS: readonly DemoCounsellorProfile[] = [
  {
    id: 'c-01',
    name: 'Margaret Ellison',
    signature: 'Margaret Ellison',
    address: { en: 'Margaret', ja: 'エリソン' },
    languages: ['en'],
  },
  {
    id: 'c-02',
    name: 'James Okafor',
    signature: 'James Okafor',
    address: { en: 'James', ja: 'オカフォー' },
    languages: ['en'],
  },
  {
    id: 'c-03',
    name: 'Miho Sato (佐藤 美穂)',
    signature: 'Miho Sato / 佐藤 美穂',
    address: { en: 'Ms Sato', ja: '佐藤' },
    languages: ['ja', 'en'],
  },
  {
    id: 'c-04',
    name: 'Ken’ichi Takahashi (高橋 健一)',
    signature: '高橋 健一',
    address: { en: 'Mr Takahashi', ja: '高橋' },
    languages: ['ja'],
  },
  {
    id: 'c-05',
    name: 'Priya Raman',
    signature: 'Priya Raman',
    address: { en: 'Priya', ja: 'ラマン' },
    languages: ['en'],
  },
  {
    id: 'c-06',
    name: 'Sayaka Nakamura (中村 さやか)',
    signature: 'Sayaka Nakamura / 中村 さやか',
    address: { en: 'Sayaka', ja: '中村' },
    languages: ['ja', 'en'],
  },
  {
    id: 'c-07',
    name: 'Daniel Moreau',
    signature: 'Daniel Moreau',
    address: { en: 'Daniel', ja: 'モロー' },
    languages: ['en', 'ja'],
  },
];
