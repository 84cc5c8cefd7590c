-- Roles, buckets and comments holding every character an output format
-- escapes, at varying offsets from 8-byte boundaries; checked against
-- test/cli/expected/escapes.* by test/extended/cli_output.sh.
COPY t0 FROM 's3://b/	' IAM_ROLE 'arn:aws:iam::123456789012:role/R	' CSV;
COPY t0 FROM 's3://b/kkkkk	' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx	' CSV;
COPY t0 FROM 's3://b/kkkkkkkkkkk	' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx	' CSV;
-- note 	 	
UNLOAD ('select ''	''') TO 's3://b/	/' IAM_ROLE 'NotAnArn	';
COPY t1 FROM 's3://b/"' IAM_ROLE 'arn:aws:iam::123456789012:role/R"y' CSV;
COPY t1 FROM 's3://b/kkkkk"' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx"y' CSV;
COPY t1 FROM 's3://b/kkkkkkkkkkk"' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx"y' CSV;
-- note " "
UNLOAD ('select ''"''') TO 's3://b/"/' IAM_ROLE 'NotAnArn"';
COPY t2 FROM 's3://b/<' IAM_ROLE 'arn:aws:iam::123456789012:role/R<yy' CSV;
COPY t2 FROM 's3://b/kkkkk<' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx<yy' CSV;
COPY t2 FROM 's3://b/kkkkkkkkkkk<' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx<yy' CSV;
-- note < <
UNLOAD ('select ''<''') TO 's3://b/</' IAM_ROLE 'NotAnArn<';
COPY t3 FROM 's3://b/>' IAM_ROLE 'arn:aws:iam::123456789012:role/R>yyy' CSV;
COPY t3 FROM 's3://b/kkkkk>' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx>yyy' CSV;
COPY t3 FROM 's3://b/kkkkkkkkkkk>' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx>yyy' CSV;
-- note > >
UNLOAD ('select ''>''') TO 's3://b/>/' IAM_ROLE 'NotAnArn>';
COPY t4 FROM 's3://b/&' IAM_ROLE 'arn:aws:iam::123456789012:role/R&yyyy' CSV;
COPY t4 FROM 's3://b/kkkkk&' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx&yyyy' CSV;
COPY t4 FROM 's3://b/kkkkkkkkkkk&' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx&yyyy' CSV;
-- note & &
UNLOAD ('select ''&''') TO 's3://b/&/' IAM_ROLE 'NotAnArn&';
COPY t5 FROM 's3://b/q' IAM_ROLE 'arn:aws:iam::123456789012:role/R''' CSV;
COPY t5 FROM 's3://b/kkkkkq' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx''' CSV;
COPY t5 FROM 's3://b/kkkkkkkkkkkq' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx''' CSV;
-- note '' ''
UNLOAD ('select ''''''''') TO 's3://b/q/' IAM_ROLE 'NotAnArn''';
COPY t6 FROM 's3://b/%' IAM_ROLE 'arn:aws:iam::123456789012:role/R%y' CSV;
COPY t6 FROM 's3://b/kkkkk%' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx%y' CSV;
COPY t6 FROM 's3://b/kkkkkkkkkkk%' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx%y' CSV;
-- note % %
UNLOAD ('select ''%''') TO 's3://b/%/' IAM_ROLE 'NotAnArn%';
COPY t7 FROM 's3://b/:' IAM_ROLE 'arn:aws:iam::123456789012:role/R:yy' CSV;
COPY t7 FROM 's3://b/kkkkk:' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx:yy' CSV;
COPY t7 FROM 's3://b/kkkkkkkkkkk:' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx:yy' CSV;
-- note : :
UNLOAD ('select '':''') TO 's3://b/:/' IAM_ROLE 'NotAnArn:';
COPY t8 FROM 's3://b/,' IAM_ROLE 'arn:aws:iam::123456789012:role/R,yyy' CSV;
COPY t8 FROM 's3://b/kkkkk,' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx,yyy' CSV;
COPY t8 FROM 's3://b/kkkkkkkkkkk,' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx,yyy' CSV;
-- note , ,
UNLOAD ('select '',''') TO 's3://b/,/' IAM_ROLE 'NotAnArn,';
COPY t9 FROM 's3://b/' IAM_ROLE 'arn:aws:iam::123456789012:role/Ryyyy' CSV;
COPY t9 FROM 's3://b/kkkkk' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxyyyy' CSV;
COPY t9 FROM 's3://b/kkkkkkkkkkk' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxxyyyy' CSV;
-- note  
UNLOAD ('select ''''') TO 's3://b//' IAM_ROLE 'NotAnArn';
COPY t10 FROM 's3://b/' IAM_ROLE 'arn:aws:iam::123456789012:role/R' CSV;
COPY t10 FROM 's3://b/kkkkk' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx' CSV;
COPY t10 FROM 's3://b/kkkkkkkkkkk' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx' CSV;
-- note  
UNLOAD ('select ''''') TO 's3://b//' IAM_ROLE 'NotAnArn';
COPY t11 FROM 's3://b/' IAM_ROLE 'arn:aws:iam::123456789012:role/Ry' CSV;
COPY t11 FROM 's3://b/kkkkk' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxy' CSV;
COPY t11 FROM 's3://b/kkkkkkkkkkk' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxxy' CSV;
-- note  
UNLOAD ('select ''''') TO 's3://b//' IAM_ROLE 'NotAnArn';
COPY t12 FROM 's3://b/é' IAM_ROLE 'arn:aws:iam::123456789012:role/Réyy' CSV;
COPY t12 FROM 's3://b/kkkkké' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxéyy' CSV;
COPY t12 FROM 's3://b/kkkkkkkkkkké' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxxéyy' CSV;
-- note é é
UNLOAD ('select ''é''') TO 's3://b/é/' IAM_ROLE 'NotAnArné';
COPY t13 FROM 's3://b/€' IAM_ROLE 'arn:aws:iam::123456789012:role/R€yyy' CSV;
COPY t13 FROM 's3://b/kkkkk€' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx€yyy' CSV;
COPY t13 FROM 's3://b/kkkkkkkkkkk€' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx€yyy' CSV;
-- note € €
UNLOAD ('select ''€''') TO 's3://b/€/' IAM_ROLE 'NotAnArn€';
COPY t14 FROM 's3://b/😀' IAM_ROLE 'arn:aws:iam::123456789012:role/R😀yyyy' CSV;
COPY t14 FROM 's3://b/kkkkk😀' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx😀yyyy' CSV;
COPY t14 FROM 's3://b/kkkkkkkkkkk😀' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx😀yyyy' CSV;
-- note 😀 😀
UNLOAD ('select ''😀''') TO 's3://b/😀/' IAM_ROLE 'NotAnArn😀';
COPY t15 FROM 's3://b/￾' IAM_ROLE 'arn:aws:iam::123456789012:role/R￾' CSV;
COPY t15 FROM 's3://b/kkkkk￾' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx￾' CSV;
COPY t15 FROM 's3://b/kkkkkkkkkkk￾' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx￾' CSV;
-- note ￾ ￾
UNLOAD ('select ''￾''') TO 's3://b/￾/' IAM_ROLE 'NotAnArn￾';
COPY t16 FROM 's3://b/￿' IAM_ROLE 'arn:aws:iam::123456789012:role/R￿y' CSV;
COPY t16 FROM 's3://b/kkkkk￿' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx￿y' CSV;
COPY t16 FROM 's3://b/kkkkkkkkkkk￿' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx￿y' CSV;
-- note ￿ ￿
UNLOAD ('select ''￿''') TO 's3://b/￿/' IAM_ROLE 'NotAnArn￿';
COPY t17 FROM 's3://b/' IAM_ROLE 'arn:aws:iam::123456789012:role/Ryy' CSV;
COPY t17 FROM 's3://b/kkkkk' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxyy' CSV;
COPY t17 FROM 's3://b/kkkkkkkkkkk' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxxyy' CSV;
-- note  
UNLOAD ('select ''''') TO 's3://b//' IAM_ROLE 'NotAnArn';
COPY t18 FROM 's3://b/ ' IAM_ROLE 'arn:aws:iam::123456789012:role/R yyy' CSV;
COPY t18 FROM 's3://b/kkkkk ' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx yyy' CSV;
COPY t18 FROM 's3://b/kkkkkkkkkkk ' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx yyy' CSV;
-- note    
UNLOAD ('select '' ''') TO 's3://b/ /' IAM_ROLE 'NotAnArn ';
COPY t19 FROM 's3://b/
' IAM_ROLE 'arn:aws:iam::123456789012:role/R
yyyy' CSV;
COPY t19 FROM 's3://b/kkkkk
' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx
yyyy' CSV;
COPY t19 FROM 's3://b/kkkkkkkkkkk
' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx
yyyy' CSV;
-- note 
 

UNLOAD ('select ''
''') TO 's3://b/
/' IAM_ROLE 'NotAnArn
';
COPY t20 FROM 's3://b/b' IAM_ROLE 'arn:aws:iam::123456789012:role/R\\' CSV;
COPY t20 FROM 's3://b/kkkkkb' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxx\\' CSV;
COPY t20 FROM 's3://b/kkkkkkkkkkkb' IAM_ROLE 'arn:aws:iam::123456789012:role/Rxxxxxxxxxxx\\' CSV;
-- note \ \
UNLOAD ('select ''\\''') TO 's3://b/b/' IAM_ROLE 'NotAnArn\\';
